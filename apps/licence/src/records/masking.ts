/**
 * Masked holder data for anything public (verification answers, QR codes): a person's name keeps its first
 * character (张* / 欧阳**), a business keeps its first two and last two characters; an 18-character code keeps
 * its first 4 and last 4 characters.
 */
export function maskName(name: string, kind: 'person' | 'business'): string {
  const chars = [...name];
  if (kind === 'person') return chars.length <= 1 ? '*' : `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
  if (chars.length <= 4) return `${chars[0] ?? ''}${'*'.repeat(Math.max(chars.length - 1, 1))}`;
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

export function maskCode(code: string): string {
  if (code.length <= 8) return '*'.repeat(code.length);
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}
