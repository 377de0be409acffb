import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading to test PDFKit output without poppler: inflates the streams, reads the
 * ToUnicode CMaps PDFKit writes for embedded fonts (`<start> <end> [<u> …]` ranges) and decodes the
 * hex strings of `TJ` operators. One PDFKit text call (a line) becomes one output line, in file order.
 */

export interface PdfInspection {
  pageCount: number;
  /** Text per content stream, i.e. per page, in page order. */
  pages: string[];
  /** The whole file as latin1 (dictionaries are plain text in PDFKit output). */
  raw: string;
}

function streams(raw: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /stream\n([\s\S]*?)\nendstream/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const bytes = Buffer.from(m[1] ?? '', 'latin1');
    try {
      out.push(inflateSync(bytes));
    } catch {
      out.push(bytes);
    }
  }
  return out;
}

function toUnicodeMap(decoded: string[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const s of decoded) {
    if (!s.includes('beginbfrange')) continue;
    for (const m of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      const start = parseInt(m[1] ?? '0', 16);
      [...(m[2] ?? '').matchAll(/<([0-9a-f ]+)>/gi)].forEach((u, i) => {
        const units = (u[1] ?? '').split(' ').map((h) => parseInt(h, 16));
        map.set(start + i, String.fromCharCode(...units));
      });
    }
  }
  return map;
}

export function inspectPdf(pdf: Buffer): PdfInspection {
  const raw = pdf.toString('latin1');
  const decoded = streams(raw).map((b) => b.toString('latin1'));
  const cmap = toUnicodeMap(decoded);
  const pages = decoded
    .filter((s) => / Tf\b/.test(s) && /TJ/.test(s))
    .map((s) =>
      [...s.matchAll(/\[([^\]]*)\]\s*TJ/g)]
        .map((tj) =>
          [...(tj[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)]
            .map(
              (h) =>
                (h[1] ?? '')
                  .match(/.{4}/g)
                  ?.map((code) => cmap.get(parseInt(code, 16)) ?? '\uFFFD')
                  .join('') ?? '',
            )
            .join(''),
        )
        .join('\n'),
    );
  return { pageCount: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length, pages, raw };
}

/** Text by poppler's `pdftotext -layout`, or undefined when it is not installed (Debian: poppler-utils). */
export function pdftotext(pdf: Buffer): string | undefined {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return undefined; // not installed
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString('utf8')}`);
  return r.stdout.toString('utf8');
}
