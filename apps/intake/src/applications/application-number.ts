import { chinaDateString } from '@hall/calendar';

/**
 * Application number (办件编号): region (6, GB/T 2260 of the implementation) + date of receipt in China time
 * (8, yyyymmdd) + sequence of that region and day (6) + check character (ISO/IEC 7064 MOD 37,36 over the
 * 20 digits, alphabet 0-9A-Z) — unique across the hall because the region is part of it.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 hybrid MOD 37,36 check character over characters of the 0-9A-Z alphabet. */
export function mod3736CheckChar(body: string): string {
  const m = 36;
  let p = m;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`character ${ch} is outside 0-9A-Z`);
    let s = (p + v) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  const check = (m + 1 - p) % m;
  return ALPHABET.charAt(check);
}

export function applicationDay(receivedAt: Date): string {
  return chinaDateString(receivedAt).replace(/-/g, '');
}

export function formatApplicationNo(regionCode: string, day: string, seq: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError('region code must be 6 digits');
  if (!/^\d{8}$/.test(day)) throw new RangeError('day must be yyyymmdd');
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError('sequence must be 1..999999');
  const body = `${regionCode}${day}${String(seq).padStart(6, '0')}`;
  return `${body}${mod3736CheckChar(body)}`;
}

export function isValidApplicationNo(no: string): boolean {
  if (!/^\d{20}[0-9A-Z]$/.test(no)) return false;
  return mod3736CheckChar(no.slice(0, 20)) === no.slice(20);
}
