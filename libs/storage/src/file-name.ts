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
