import { Transform, type TransformCallback } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { AppError } from '@hall/errors';

/**
 * Limits on what an accepted file may contain, checked while it streams into the store (after its type was
 * decided from the magic bytes). Every field has a default; pass only what an endpoint wants tighter or looser.
 */
export interface ContentLimits {
  /** Largest width or height an image may declare in its header (PNG IHDR, JPEG SOF, GIF screen). */
  readonly maxImageSide?: number;
  /** Largest width × height an image may declare (the memory a decoder would need is ~4 bytes per pixel). */
  readonly maxImagePixels?: number;
  /** Most entries a ZIP container (zip, docx, xlsx, …) may list in its central directory. */
  readonly maxArchiveEntries?: number;
  /** Largest sum of the uncompressed sizes a ZIP container may declare. */
  readonly maxArchiveUncompressedBytes?: number;
  /** Largest uncompressed/compressed ratio of one entry (only judged for entries above 1 MiB uncompressed). */
  readonly maxArchiveRatio?: number;
}

export const DEFAULT_CONTENT_LIMITS: Required<ContentLimits> = {
  maxImageSide: 30_000,
  maxImagePixels: 100_000_000,
  maxArchiveEntries: 10_000,
  maxArchiveUncompressedBytes: 256 * 1024 * 1024,
  maxArchiveRatio: 200,
};

/** An image header is looked for in at most this many leading bytes (JPEG metadata may precede the SOF). */
export const IMAGE_HEADER_BYTES = 1024 * 1024;
/** The end of a ZIP container kept for its central directory; a larger directory is refused. */
export const ZIP_TAIL_BYTES = 4 * 1024 * 1024;
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** MIME types stored as ZIP containers, whose central directory is inspected. */
export const ZIP_CONTAINER_TYPES: ReadonlySet<string> = new Set([
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/epub+zip',
  'application/java-archive',
]);

const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif']);

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The dimensions an image declares in its header, without decoding it: PNG IHDR, JPEG SOFn (walking the
 * marker segments), GIF logical screen. `'incomplete'` when `head` ends before the header; `undefined` when
 * the bytes are not a well-formed header of `mime`.
 */
export function readImageSize(mime: string, head: Buffer): ImageSize | 'incomplete' | undefined {
  if (mime === 'image/png') {
    if (head.length < 24) return 'incomplete';
    if (head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  }
  if (mime === 'image/gif') {
    if (head.length < 10) return 'incomplete';
    return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  }
  if (mime === 'image/jpeg') return readJpegSize(head);
  return undefined;
}

function readJpegSize(head: Buffer): ImageSize | 'incomplete' | undefined {
  if (head.length < 2) return 'incomplete';
  if (head[0] !== 0xff || head[1] !== 0xd8) return undefined;
  let at = 2;
  for (;;) {
    if (at >= head.length) return 'incomplete';
    if (head[at] !== 0xff) return undefined;
    while (at < head.length && head[at] === 0xff) at++; // fill bytes
    if (at >= head.length) return 'incomplete';
    const marker = head[at] as number;
    at++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / scan before any frame header
    if (at + 2 > head.length) return 'incomplete';
    const length = head.readUInt16BE(at);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 7 > head.length) return 'incomplete';
      return { width: head.readUInt16BE(at + 5), height: head.readUInt16BE(at + 3) };
    }
    at += length;
  }
}

/** Refuses an image whose declared size is zero or above the limits (`UPLOAD_IMAGE_TOO_LARGE`, 422). */
export function checkImageSize(size: ImageSize, limits: ContentLimits = {}): void {
  const { maxImageSide, maxImagePixels } = { ...DEFAULT_CONTENT_LIMITS, ...limits };
  if (size.width === 0 || size.height === 0) {
    throw new AppError('UPLOAD_IMAGE_UNREADABLE', 'file: the image declares a width or height of 0', 422, {
      field: 'file',
      ...size,
    });
  }
  if (size.width > maxImageSide || size.height > maxImageSide || size.width * size.height > maxImagePixels) {
    throw new AppError(
      'UPLOAD_IMAGE_TOO_LARGE',
      `file: the image declares ${size.width}×${size.height} pixels; at most ${maxImageSide} per side and ${maxImagePixels} in all are accepted`,
      422,
      { field: 'file', ...size, maxImageSide, maxImagePixels },
    );
  }
}

// HTML a browser would act on: a document, a script, a frame, SVG / MathML (scripts and event handlers), elements
// that load or run something through attributes (`<img onerror>`, `<video>`, `<form action>`, `<meta http-equiv>`,
// `<base>`, `<link>`, `<details ontoggle>`). Followed by a delimiter, so that random bytes in compressed streams
// practically never match.
const HTML_MARKUP =
  /<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|math|img|image|video|audio|form|meta|base|link|details)[\s/>]/i;
/** Longest text HTML_MARKUP can match short of its delimiter run, in UTF-16 too (kept across chunk boundaries). */
const MARKUP_OVERLAP = 128;

/**
 * The first HTML markup found in `bytes` (e.g. `<script>`), or `undefined`. Also finds markup written in UTF-16
 * (either byte order): a browser sniffing the bytes as UTF-16 would run it.
 */
export function findHtmlMarkup(bytes: Buffer): string | undefined {
  const text = bytes.toString('latin1');
  const found = HTML_MARKUP.exec(text)?.[0];
  if (found !== undefined || !text.includes('\u0000')) return found;
  return HTML_MARKUP.exec(text.replaceAll('\u0000', ''))?.[0];
}

/**
 * PDF names that make a reader run or open something: JavaScript actions (`/S /JavaScript`, the `/JS` key, a
 * document's `/Names /JavaScript` tree), `/Launch` actions, embedded files (`/EmbeddedFiles`, `/EmbeddedFile`,
 * `/FileAttachment` annotations, `/GoToE`), rich media, XFA forms (scripted), form submission and data import.
 * The long names are looked for everywhere (also inside stream data, where an object could be hidden from a naive
 * parser: eleven random bytes practically never spell `/JavaScript`); the short ones (`/JS`, `/XFA`) only in the
 * object structure and in decompressed object streams.
 */
const ACTIVE_NAMES: ReadonlySet<string> = new Set([
  'JavaScript',
  'Launch',
  'EmbeddedFiles',
  'EmbeddedFile',
  'FileAttachment',
  'RichMedia',
  'SubmitForm',
  'ImportData',
  'GoToE',
]);
const SHORT_ACTIVE_NAMES: ReadonlySet<string> = new Set(['JS', 'XFA']);
/** Total bytes the object streams of one PDF may inflate to while inspected. */
export const PDF_OBJECT_STREAMS_MAX_BYTES = 64 * 1024 * 1024;
// eslint-disable-next-line no-control-regex -- PDF whitespace includes NUL
const PDF_NAME = /\/[^\u0000\t\n\f\r ()<>[\]{}/%]*/g;

function decodePdfName(token: string): string {
  return token
    .slice(1)
    .replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

interface PdfStream {
  readonly dict: string;
  readonly start: number;
  readonly end: number;
}

/** The streams of a PDF (latin1 text): their dictionary and data range, found from the `stream` keywords. */
function pdfStreams(text: string): PdfStream[] {
  const streams: PdfStream[] = [];
  const keyword = /\bstream(?:\r\n|\n|\r)/g;
  let from = 0;
  for (;;) {
    keyword.lastIndex = from;
    const m = keyword.exec(text);
    if (!m) return streams;
    const objStart = text.lastIndexOf('obj', m.index);
    const dict = text.slice(Math.max(objStart, from, m.index - 4096), m.index);
    const start = m.index + m[0].length;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let end = -1;
    if (length) {
      const declared = start + Number(length[1]);
      if (/^\s*endstream/.test(text.slice(declared, declared + 32))) end = declared;
    }
    if (end < 0) {
      const found = text.indexOf('endstream', start);
      end = found < 0 ? text.length : found;
    }
    streams.push({ dict, start, end });
    from = end;
  }
}

const pdfUnreadable = (why: string): AppError =>
  new AppError('UPLOAD_PDF_UNREADABLE', `file: the PDF cannot be inspected (${why})`, 422, { field: 'file' });

/**
 * The first active-content name (see ACTIVE_NAMES, e.g. `/JavaScript`) in a whole PDF, seen through `#xx` escapes in
 * names and inside Flate-compressed object streams; `undefined` when there is none. Throws `UPLOAD_PDF_UNREADABLE`
 * (422) for an object stream it cannot decompress (another filter, a predictor, corrupt data, or more than
 * PDF_OBJECT_STREAMS_MAX_BYTES in all): what it cannot read, it does not pass.
 */
export function findPdfActiveContent(pdf: Buffer): string | undefined {
  const text = pdf.toString('latin1');
  const streams = pdfStreams(text);
  const scan = (part: string, offset: number, inStream: (at: number) => boolean): string | undefined => {
    for (const m of part.matchAll(PDF_NAME)) {
      const name = decodePdfName(m[0]);
      if (ACTIVE_NAMES.has(name)) return `/${name}`;
      if (SHORT_ACTIVE_NAMES.has(name) && !inStream(offset + m.index)) return `/${name}`;
    }
    return undefined;
  };
  let s = 0;
  const found = scan(text, 0, (at) => {
    while (s < streams.length && (streams[s] as PdfStream).end <= at) s++;
    const current = streams[s];
    return current !== undefined && current.start <= at;
  });
  if (found !== undefined) return found;
  let budget = PDF_OBJECT_STREAMS_MAX_BYTES;
  for (const stream of streams) {
    const dict = stream.dict.replace(PDF_NAME, (token) => `/${decodePdfName(token)}`);
    if (!/\/Type\s*\/ObjStm\b/.test(dict)) continue;
    const filters = [
      ...(/\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1] ?? '').matchAll(/\/([A-Za-z0-9]+)/g),
    ].map((f) => f[1]);
    if (filters.length === 0) {
      const plain = scan(text.slice(stream.start, stream.end), 0, () => false);
      if (plain !== undefined) return plain;
      continue;
    }
    const predictor = /\/Predictor\s*(\d+)/.exec(dict)?.[1];
    if (
      filters.length !== 1 ||
      filters[0] !== 'FlateDecode' ||
      (predictor !== undefined && predictor !== '1')
    ) {
      throw pdfUnreadable(
        `an object stream uses ${filters.join(' + ')}${predictor === undefined ? '' : ` with predictor ${predictor}`}`,
      );
    }
    let decoded: Buffer;
    try {
      decoded = inflateSync(pdf.subarray(stream.start, stream.end), { maxOutputLength: Math.max(1, budget) });
    } catch {
      throw pdfUnreadable('an object stream cannot be decompressed, or expands too much');
    }
    budget -= decoded.length;
    const inside = scan(decoded.toString('latin1'), 0, () => false);
    if (inside !== undefined) return inside;
  }
  return undefined;
}

function activeContent(found: string): AppError {
  return new AppError(
    'UPLOAD_PDF_ACTIVE_CONTENT',
    `file: the PDF contains active content (${found}); PDFs that run scripts, launch programs or carry embedded files are refused — print it to a plain PDF and upload that`,
    422,
    { field: 'file', feature: found },
  );
}

function polyglot(found: string): AppError {
  return new AppError(
    'UPLOAD_POLYGLOT',
    `file: the PDF also contains HTML markup (${found.trim()}); files that are two formats at once are refused`,
    415,
    { field: 'file', markup: found.trim() },
  );
}

export interface ArchiveSummary {
  readonly entries: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const MAX32 = 0xffffffff;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function archiveError(code: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, `file: ${message}`, 422, { field: 'file', ...details });
}

const unreadable = (why: string): AppError =>
  archiveError('UPLOAD_ARCHIVE_UNREADABLE', `the archive cannot be inspected (${why})`);

/**
 * Inspects the central directory of a ZIP container from the end of the file (`tail`, the last bytes of a file
 * of `totalSize` bytes). Refuses symbolic links (`UPLOAD_ARCHIVE_LINK`), entry names that leave the extraction
 * directory (`UPLOAD_ARCHIVE_UNSAFE_PATH`), too many entries or too much declared uncompressed data, entries with
 * a bomb-like ratio and entries whose compressed data cannot fit in the file (overlapping entries)
 * (`UPLOAD_ARCHIVE_BOMB`), and anything it cannot parse (`UPLOAD_ARCHIVE_UNREADABLE`); all 422.
 */
export function inspectZipTail(tail: Buffer, totalSize: number, limits: ContentLimits = {}): ArchiveSummary {
  const max = { ...DEFAULT_CONTENT_LIMITS, ...limits };
  const tailStart = totalSize - tail.length;
  let eocd = -1;
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 0xffff); at--) {
    if (tail.readUInt32LE(at) === EOCD && at + 22 + tail.readUInt16LE(at + 20) <= tail.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no end of central directory record');
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdEnd = eocd;
  if (entries === 0xffff || cdSize === MAX32 || tail.readUInt32LE(eocd + 16) === MAX32) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR)
      throw unreadable('ZIP64 locator missing');
    const record = Number(tail.readBigUInt64LE(locator + 8)) - tailStart;
    if (record < 0 || record + 56 > locator || tail.readUInt32LE(record) !== ZIP64_EOCD)
      throw unreadable('ZIP64 end record missing');
    entries = Number(tail.readBigUInt64LE(record + 32));
    cdSize = Number(tail.readBigUInt64LE(record + 40));
    cdEnd = record;
  }
  if (entries > max.maxArchiveEntries) {
    throw archiveError(
      'UPLOAD_ARCHIVE_BOMB',
      `the archive lists ${entries} entries; at most ${max.maxArchiveEntries} are accepted`,
      { entries, maxEntries: max.maxArchiveEntries },
    );
  }
  // Located from its end rather than its recorded offset, so data prepended to the archive does not matter.
  const cdStart = cdEnd - cdSize;
  if (cdStart < 0)
    throw unreadable(
      tailStart > 0 && cdStart + tailStart >= 0
        ? 'central directory too large'
        : 'central directory out of bounds',
    );
  const archiveDataBytes = tailStart + cdStart;

  let at = cdStart;
  let uncompressedBytes = 0;
  let compressedBytes = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > cdEnd || tail.readUInt32LE(at) !== CENTRAL_HEADER)
      throw unreadable(`entry ${i} header missing`);
    const host = tail.readUInt8(at + 5);
    let compressed = tail.readUInt32LE(at + 20);
    let uncompressed = tail.readUInt32LE(at + 24);
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    const external = tail.readUInt32LE(at + 38);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdEnd) throw unreadable(`entry ${i} runs past the central directory`);
    const name = tail.toString('utf8', at + 46, at + 46 + nameLength);
    if (uncompressed === MAX32 || compressed === MAX32) {
      const sizes = zip64Sizes(
        tail.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
        uncompressed === MAX32,
        compressed === MAX32,
      );
      if (!sizes) throw unreadable(`entry ${i} lacks its ZIP64 sizes`);
      uncompressed = sizes.uncompressed ?? uncompressed;
      compressed = sizes.compressed ?? compressed;
    }
    if (host === 3 && ((external >>> 16) & S_IFMT) === S_IFLNK) {
      throw archiveError('UPLOAD_ARCHIVE_LINK', `the archive contains a symbolic link (${name})`, {
        entry: name,
      });
    }
    if (unsafeEntryName(name)) {
      throw archiveError(
        'UPLOAD_ARCHIVE_UNSAFE_PATH',
        `the archive contains an entry outside its folder (${name})`,
        { entry: name },
      );
    }
    if (uncompressed > RATIO_FLOOR_BYTES && uncompressed / Math.max(compressed, 1) > max.maxArchiveRatio) {
      throw archiveError(
        'UPLOAD_ARCHIVE_BOMB',
        `entry ${name} expands ${Math.round(uncompressed / Math.max(compressed, 1))}-fold; at most ${max.maxArchiveRatio}-fold is accepted`,
        {
          entry: name,
          maxRatio: max.maxArchiveRatio,
        },
      );
    }
    uncompressedBytes += uncompressed;
    compressedBytes += compressed;
    at = next;
  }
  if (uncompressedBytes > max.maxArchiveUncompressedBytes) {
    throw archiveError(
      'UPLOAD_ARCHIVE_BOMB',
      `the archive expands to ${uncompressedBytes} bytes; at most ${max.maxArchiveUncompressedBytes} are accepted`,
      {
        uncompressedBytes,
        maxUncompressedBytes: max.maxArchiveUncompressedBytes,
      },
    );
  }
  if (compressedBytes > archiveDataBytes) {
    throw archiveError(
      'UPLOAD_ARCHIVE_BOMB',
      'the archive entries claim more data than the file holds (overlapping entries)',
      { compressedBytes, archiveDataBytes },
    );
  }
  return { entries, uncompressedBytes, compressedBytes };
}

function zip64Sizes(
  extra: Buffer,
  wantUncompressed: boolean,
  wantCompressed: boolean,
): { uncompressed?: number; compressed?: number } | undefined {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const out: { uncompressed?: number; compressed?: number } = {};
      if (wantUncompressed) {
        if (field + 8 > at + 4 + size) return undefined;
        out.uncompressed = Number(extra.readBigUInt64LE(field));
        field += 8;
      }
      if (wantCompressed) {
        if (field + 8 > at + 4 + size) return undefined;
        out.compressed = Number(extra.readBigUInt64LE(field));
      }
      return out;
    }
    at += 4 + size;
  }
  return undefined;
}

function unsafeEntryName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- a NUL cuts the name short in many extractors
  return /^[\\/]|^[A-Za-z]:|(^|[\\/])\.\.([\\/]|$)|\u0000/.test(name);
}

/**
 * Pass-through that checks an upload's content for its detected type while it streams, failing the stream
 * (so nothing is stored) when: an image declares dimensions over the limits or none at all; a PDF also carries
 * HTML markup (a PDF/HTML polyglot, UTF-16 included: `UPLOAD_POLYGLOT` 415) or active content (JavaScript, launch
 * actions, embedded files, XFA: `UPLOAD_PDF_ACTIVE_CONTENT` 422, see findPdfActiveContent); a ZIP container (zip, docx, xlsx, …) is a bomb, holds symbolic links or
 * unsafe entry names. Other types pass unchecked. Holds at most IMAGE_HEADER_BYTES, ZIP_TAIL_BYTES or a whole PDF.
 */
export class ContentInspector extends Transform {
  readonly #mime: string;
  readonly #limits: ContentLimits;
  #bytes = 0;
  /** The leading bytes kept until the image header is found (allocated once, filled in place). */
  #image: Buffer | undefined;
  #imageBytes = 0;
  #carry = Buffer.alloc(0);
  /** A PDF is kept whole (at most the upload's size cap) for the active-content check at its end. */
  #pdf: Buffer[] = [];
  #tail: Buffer[] = [];
  #tailBytes = 0;

  constructor(mime: string, limits: ContentLimits = {}) {
    super();
    this.#mime = mime;
    this.#limits = limits;
    if (IMAGE_TYPES.has(mime)) this.#image = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#bytes += chunk.length;
      if (this.#image !== undefined) this.#inspectImage(chunk, false);
      else if (this.#mime === 'application/pdf') this.#scanPdf(chunk);
      else if (ZIP_CONTAINER_TYPES.has(this.#mime)) this.#keepTail(chunk);
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.#image !== undefined) this.#inspectImage(Buffer.alloc(0), true);
      if (ZIP_CONTAINER_TYPES.has(this.#mime))
        inspectZipTail(Buffer.concat(this.#tail, this.#tailBytes), this.#bytes, this.#limits);
      if (this.#mime === 'application/pdf') {
        const found = findPdfActiveContent(Buffer.concat(this.#pdf, this.#bytes));
        this.#pdf = [];
        if (found !== undefined) throw activeContent(found);
      }
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback();
  }

  #inspectImage(chunk: Buffer, ended: boolean): void {
    if (this.#image === undefined) return;
    if (this.#image.length === 0) this.#image = Buffer.allocUnsafe(IMAGE_HEADER_BYTES);
    this.#imageBytes += chunk.copy(this.#image, this.#imageBytes);
    const size = readImageSize(this.#mime, this.#image.subarray(0, this.#imageBytes));
    if (size === 'incomplete' && !ended && this.#imageBytes < IMAGE_HEADER_BYTES) return;
    this.#image = undefined; // decided; stop buffering
    if (size === undefined || size === 'incomplete') {
      throw new AppError(
        'UPLOAD_IMAGE_UNREADABLE',
        `file: no ${this.#mime} header with the image size was found`,
        422,
        { field: 'file' },
      );
    }
    checkImageSize(size, this.#limits);
  }

  #scanPdf(chunk: Buffer): void {
    this.#pdf.push(chunk);
    const window = Buffer.concat([this.#carry, chunk]);
    const found = findHtmlMarkup(window);
    if (found !== undefined) throw polyglot(found);
    this.#carry = Buffer.from(window.subarray(Math.max(0, window.length - MARKUP_OVERLAP)));
  }

  #keepTail(chunk: Buffer): void {
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tail.length > 1 && this.#tailBytes - (this.#tail[0] as Buffer).length >= ZIP_TAIL_BYTES) {
      this.#tailBytes -= (this.#tail.shift() as Buffer).length;
    }
  }
}
