import { AppError } from '@hall/errors';

const MAX_NAME_LENGTH = 200;

// C0/C1 controls, bidi overrides/isolates (used to disguise `gpj.exe` as `exe.jpg`), zero-width chars, BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
// Characters that are awkward or dangerous in file names on common systems and in headers.
const RESERVED = /[<>:"|?*\\/]/g;

/**
 * Reduces a client-supplied file name to a display-safe base name: no directory parts, no control or bidi
 * characters, no leading dots, NFC-normalised, at most 200 characters (keeping the extension). Chinese and
 * other non-ASCII letters are kept. Never use the result as a storage key; it is metadata only.
 */
export function sanitizeFileName(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if ([...clean].length > MAX_NAME_LENGTH) {
    const ext = extensionOf(clean);
    const suffix = ext && ext.length <= 16 ? `.${ext}` : '';
    const stem = [...clean.slice(0, clean.length - suffix.length)].slice(0, MAX_NAME_LENGTH - suffix.length);
    clean = `${stem.join('').trimEnd()}${suffix}`;
  }
  return clean === '' ? fallback : clean;
}

/** Lower-cased extension without the dot (`'Scan.PDF'` → `'pdf'`), or `undefined` when there is none. */
export function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]+$/.test(ext) ? ext : undefined;
}

/** `Content-Disposition` value with an ASCII fallback and the RFC 5987/6266 UTF-8 form. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const safe = sanitizeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// Path tricks and invisible characters in a client's file name: `..` segments, either slash, C0/C1 controls
// (NUL included), bidi overrides and isolates, zero-width characters.
const UNSAFE_NAME =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\\/]|[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/**
 * Refuses (rather than cleans) a client file name that is not a plain name: empty, only dots, longer than 200
 * characters, with a directory part or `..`, or with control, bidi or zero-width characters.
 * `UPLOAD_BAD_NAME` (400) naming `field`. Read the multipart part with `preservePath: true` so the name is
 * checked as sent.
 */
export function assertPlainFileName(name: string, field = 'file'): void {
  const trimmed = name.trim();
  if (
    trimmed === '' ||
    /^\.+$/.test(trimmed) ||
    [...name].length > MAX_NAME_LENGTH ||
    UNSAFE_NAME.test(name)
  ) {
    throw new AppError(
      'UPLOAD_BAD_NAME',
      `${field}: the file name must be a plain name (no path, "..", control, bidi or zero-width characters; at most ${MAX_NAME_LENGTH} characters)`,
      400,
      { field },
    );
  }
}
