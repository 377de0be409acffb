/**
 * Check-digit validators for Chinese identifiers used by applicants:
 * - 居民身份证号码 (resident identity card number), GB 11643-1999: ISO 7064 MOD 11-2.
 * - 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015: MOD 31 over a 31-character alphabet.
 * - 组织机构代码 (organization code, positions 9-17 of a USCC), GB 11714-1997: MOD 11.
 */
import { z } from 'zod';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';
const ID_PATTERN = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

/** The check character (0-9 or X) for the first 17 digits of a resident identity card number. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS.charAt(sum % 11);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export interface ResidentIdInfo {
  /** 6-digit administrative division code of the place of first registration. */
  regionCode: string;
  /** Birth date as YYYY-MM-DD. */
  birthDate: string;
  /** Odd sequence digit: male; even: female. */
  gender: 'male' | 'female';
}

/**
 * Parses an 18-character resident identity card number (upper-case `X` only; see
 * {@link normalizeResidentIdNumber}). Returns undefined when the format, the birth date (a real date, from 1900
 * and not in the future) or the check digit is wrong.
 */
export function parseResidentIdNumber(value: string, today: Date = new Date()): ResidentIdInfo | undefined {
  const m = ID_PATTERN.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || !isCalendarDate(year, month, day)) return undefined;
  if (Date.UTC(year, month - 1, day) > today.getTime()) return undefined;
  if (residentIdCheckDigit(value.slice(0, 17)) !== value.charAt(17)) return undefined;
  return {
    regionCode: value.slice(0, 6),
    birthDate: `${m[1]}-${m[2]}-${m[3]}`,
    gender: Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidResidentIdNumber(value: string, today?: Date): boolean {
  return parseResidentIdNumber(value, today) !== undefined;
}

/** Trims and upper-cases (a trailing `x` typed by a user becomes `X`). */
export function normalizeResidentIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** USCC alphabet: digits and upper-case letters without I, O, S, V, Z. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters of a unified social credit code. */
export function usccCheckDigit(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) throw new RangeError('expected 17 USCC characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  const r = (31 - (sum % 31)) % 31;
  return USCC_CHARS.charAt(r);
}

/**
 * 18 characters: registration authority (1), organisation type (1), region code (6 digits), organisation
 * code (9), check character (1). Upper case only.
 */
export function isValidUscc(value: string): boolean {
  if (!USCC_PATTERN.test(value)) return false;
  return usccCheckDigit(value.slice(0, 17)) === value.charAt(17);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function orgCharValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55; // '0'-'9' -> 0-9, 'A'-'Z' -> 10-35
}

/** The check character (0-9 or X) for the first 8 characters of an organization code. */
export function organizationCodeCheckDigit(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('expected 8 characters 0-9 A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += orgCharValue(first8.charAt(i)) * (ORG_WEIGHTS[i] ?? 0);
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** 9-character organization code (GB 11714), e.g. positions 9-17 of a USCC. */
export function isValidOrganizationCode(value: string): boolean {
  return (
    /^[0-9A-Z]{8}[0-9X]$/.test(value) && organizationCodeCheckDigit(value.slice(0, 8)) === value.charAt(8)
  );
}

/** zod schemas for DTOs: normalise, then validate. */
export const zResidentIdNumber = z
  .string()
  .transform(normalizeResidentIdNumber)
  .refine((v) => isValidResidentIdNumber(v), {
    message: '居民身份证号码无效 (invalid resident identity card number)',
  });

export const zUscc = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .refine(isValidUscc, { message: '统一社会信用代码无效 (invalid unified social credit code)' });
