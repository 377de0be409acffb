import { z } from 'zod';

/** One thing a department asked for in its return (退回补正): a listed material, or something it names. */
export const ReturnItem = z.object({
  materialId: z.string().optional(),
  name: z.string(),
  problem: z.string(),
});
export type ReturnItem = z.infer<typeof ReturnItem>;

/** The items of a stored return request (written by intake itself; anything else reads as none). */
export function returnItemsOf(r: { items: unknown }): ReturnItem[] {
  const parsed = z.array(ReturnItem).safeParse(r.items);
  return parsed.success ? parsed.data : [];
}
