import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { AppError } from '@hall/errors';
import { toErrorBody } from './http-exception.filter.js';
import { parseInput, parseQuery, strictDeep } from './zod-http.js';

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return toErrorBody(e, 'c');
  }
  throw new Error('no failure');
};

describe('strictDeep', () => {
  const Item = z.object({ id: z.string().describe('the id'), tags: z.array(z.string()).default([]) });
  const Body = z
    .object({
      items: z.array(Item).min(1),
      main: Item.optional(),
      choice: z.union([
        z.object({ kind: z.literal('a') }),
        z.object({ kind: z.literal('b'), n: z.number() }),
      ]),
    })
    .refine((b) => b.items.length < 3, { message: 'at most two', path: ['items'] });
  const Strict = strictDeep(Body);

  it('refuses unknown fields at every depth and names each by its path', () => {
    expect(
      failure(() => parseInput(Strict, { items: [{ id: 'x', colour: 1 }], choice: { kind: 'a' } })),
    ).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'items.0.colour: unknown field',
      details: { field: 'items.0.colour' },
    });
    expect(
      failure(() =>
        parseInput(Strict, { items: [{ id: 'x' }], main: { id: 'y', z: 1 }, choice: { kind: 'a' } }),
      ),
    ).toMatchObject({ details: { field: 'main.z' } });
    expect(Strict.safeParse({ items: [{ id: 'x' }], choice: { kind: 'b', n: 1, extra: true } }).success).toBe(
      false,
    );
    expect(
      failure(() =>
        parseInput(Strict, { items: [{ id: 'x' }], choice: { kind: 'a' }, isAdmin: true, other: 1 }),
      ),
    ).toMatchObject({
      message: 'isAdmin: unknown field (also unknown: other)',
    });
  });

  it('keeps checks, refinements, defaults and descriptions, and leaves the original tolerant', () => {
    expect(Strict.safeParse({ items: [], choice: { kind: 'a' } }).success).toBe(false);
    expect(
      Strict.safeParse({ items: [{ id: '1' }, { id: '2' }, { id: '3' }], choice: { kind: 'a' } }).success,
    ).toBe(false);
    expect(Strict.parse({ items: [{ id: 'x' }], choice: { kind: 'a' } })).toEqual({
      items: [{ id: 'x', tags: [] }],
      choice: { kind: 'a' },
    });
    expect(JSON.stringify(z.toJSONSchema(Strict, { io: 'input' }))).toContain('"description":"the id"');
    expect(Body.parse({ items: [{ id: 'x', colour: 1 }], choice: { kind: 'a' } })).toEqual({
      items: [{ id: 'x', tags: [] }],
      choice: { kind: 'a' },
    });
  });

  it('puts the unknown field first when a misspelt field also leaves the intended one missing', () => {
    expect(
      failure(() => parseInput(strictDeep(z.object({ status: z.string() })), { stauts: 'open' })),
    ).toMatchObject({ message: 'stauts: unknown field' });
  });
});

describe('parseQuery', () => {
  const Query = z.object({
    status: z.enum(['open', 'closed']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    from: z.iso.date().optional(),
  });
  const fails = (query: Record<string, unknown>) => {
    try {
      parseQuery(Query, query);
    } catch (e) {
      if (e instanceof AppError) return { code: e.code, message: e.message, details: e.details };
      return toErrorBody(e, 'c');
    }
    throw new Error(`accepted ${JSON.stringify(query)}`);
  };

  it('accepts what the schema names, with defaults', () => {
    expect(parseQuery(Query, { status: 'open', page: '2', from: '2024-02-29' })).toEqual({
      status: 'open',
      page: 2,
      from: '2024-02-29',
    });
    expect(parseQuery(Query, undefined)).toEqual({ page: 1 });
  });

  it('refuses an unknown parameter, naming it and the accepted ones', () => {
    expect(fails({ stauts: 'open' })).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'stauts: unknown query parameter (accepted: status, page, from)',
      details: { field: 'stauts', reason: 'unknown_parameter' },
    });
    expect(fails(Object.assign(Object.create(null) as object, { ['__proto__']: 'x' }))).toMatchObject({
      details: { field: '__proto__' },
    });
  });

  it('refuses a repeated parameter, a number that is not decimal, an unknown enum value, an impossible date', () => {
    expect(fails({ status: ['open', 'closed'] })).toMatchObject({
      details: { field: 'status', reason: 'repeated_parameter' },
    });
    for (const page of ['', '0x10', '1e3', ' 2', 'Infinity'])
      expect(fails({ page })).toMatchObject({ details: { field: 'page' } });
    expect(fails({ page: '0' })).toMatchObject({ message: expect.stringMatching(/^page: /) });
    expect(fails({ status: 'opened' })).toMatchObject({ message: expect.stringMatching(/^status: /) });
    expect(fails({ from: '2026-02-30' })).toMatchObject({ message: expect.stringMatching(/^from: /) });
  });
});
