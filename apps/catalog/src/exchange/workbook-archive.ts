/**
 * Unpacks an uploaded workbook (a ZIP container) under hard limits before exceljs sees it.
 *
 * exceljs (JSZip) inflates every entry in full and only then compares its size with the header; an archive whose
 * headers lie about sizes (a few KiB declared, gigabytes in the deflate stream) passes any check of the central
 * directory and exhausts the process. Here each entry is inflated as a stream (node:zlib) and stopped as soon as
 * it passes what it declared, a byte cap per entry or in total, or a ratio cap; its CRC-32 is checked. The
 * verified entries are then packed again, stored (not compressed), so that exceljs only reads bytes that were
 * inflated here.
 */
import { createInflateRaw, crc32 } from 'node:zlib';
import { AppError } from '@hall/errors';

export interface WorkbookArchiveLimits {
  /** Most bytes all entries may inflate to together. */
  readonly maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  readonly maxEntryBytes: number;
  /** Largest inflated/compressed ratio of one entry, judged once it is past `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** Most entries. */
  readonly maxEntries: number;
}

export const DEFAULT_WORKBOOK_ARCHIVE_LIMITS: WorkbookArchiveLimits = Object.freeze({
  maxTotalBytes: 100 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 10_000,
});

export interface WorkbookEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly crc: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** Same error shape as the upload checks of @hall/storage (`UPLOAD_ARCHIVE_*`, 422, field `file`). */
function bomb(message: string, details: Record<string, unknown>): AppError {
  return new AppError('UPLOAD_ARCHIVE_BOMB', `file: ${message}`, 422, { field: 'file', ...details });
}

/** The archive's structure cannot be read: the same 400 as a file exceljs cannot read. */
function unreadable(why: string): AppError {
  return new AppError(
    'EXCHANGE_WORKBOOK_UNREADABLE',
    `the file is not a readable xlsx workbook (${why})`,
    400,
    { field: 'file', cause: why },
  );
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** Reads the central directory (ZIP64 records and extra fields included). */
function readCentralDirectory(zip: Buffer, limits: WorkbookArchiveLimits): CentralEntry[] {
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - MAX16); at--) {
    if (zip.readUInt32LE(at) === EOCD && at + 22 + zip.readUInt16LE(at + 20) <= zip.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no end of central directory record');
  let count = zip.readUInt16LE(eocd + 10);
  let cdSize = zip.readUInt32LE(eocd + 12);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== ZIP64_LOCATOR) throw unreadable('ZIP64 locator missing');
    const record = Number(zip.readBigUInt64LE(locator + 8));
    if (record < 0 || record + 56 > locator || zip.readUInt32LE(record) !== ZIP64_EOCD)
      throw unreadable('ZIP64 end record missing');
    count = Number(zip.readBigUInt64LE(record + 32));
    cdSize = Number(zip.readBigUInt64LE(record + 40));
    cdOffset = Number(zip.readBigUInt64LE(record + 48));
  }
  if (count > limits.maxEntries) {
    throw bomb(`the archive lists ${count} entries; at most ${limits.maxEntries} are accepted`, {
      entries: count,
      maxEntries: limits.maxEntries,
    });
  }
  if (cdOffset + cdSize > zip.length) throw unreadable('central directory out of bounds');
  const entries: CentralEntry[] = [];
  let at = cdOffset;
  const end = cdOffset + cdSize;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_HEADER)
      throw unreadable(`entry ${i} header missing`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) throw unreadable(`entry ${i} runs past the central directory`);
    const entry: CentralEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      declaredSize: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    };
    applyZip64(entry, zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** Replaces 0xFFFFFFFF sizes and offset by the ZIP64 extended information extra field (0x0001), in its order. */
function applyZip64(entry: CentralEntry, extra: Buffer): void {
  const wanted = (['declaredSize', 'compressedSize', 'localOffset'] as const).filter(
    (k) => entry[k] === MAX32,
  );
  if (wanted.length === 0) return;
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      if (size < wanted.length * 8 || at + 4 + size > extra.length) break;
      wanted.forEach((k, i) => {
        entry[k] = Number(extra.readBigUInt64LE(at + 4 + i * 8));
      });
      return;
    }
    at += 4 + size;
  }
  throw unreadable(`entry ${entry.name} lacks its ZIP64 sizes`);
}

/** The compressed bytes of an entry: after its local header (whose own sizes are ignored), as long as the directory says. */
function compressedData(zip: Buffer, entry: CentralEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER)
    throw unreadable(`entry ${entry.name}: local header missing`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + entry.compressedSize > zip.length)
    throw unreadable(`entry ${entry.name}: data runs past the end of the file`);
  return zip.subarray(start, start + entry.compressedSize);
}

/**
 * Inflates one entry as a stream, stopping as soon as it produces more than `cap` bytes or, past the ratio floor,
 * more than `maxRatio` times its compressed size. `budget` is what is left of the total cap.
 */
function inflateCapped(
  entry: CentralEntry,
  data: Buffer,
  limits: WorkbookArchiveLimits,
  budget: number,
): Promise<Buffer> {
  const cap = Math.min(entry.declaredSize, limits.maxEntryBytes, budget);
  return new Promise<Buffer>((resolve, reject) => {
    const inflater = createInflateRaw();
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      inflater.destroy();
      reject(err);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > cap) {
        const details = { entry: entry.name, declaredBytes: entry.declaredSize, inflatedBytes: bytes };
        if (bytes > entry.declaredSize)
          fail(
            bomb(
              `entry ${entry.name} declares ${entry.declaredSize} bytes but inflates to more; a lying archive is refused`,
              details,
            ),
          );
        else if (bytes > limits.maxEntryBytes)
          fail(
            bomb(`entry ${entry.name} inflates to more than ${limits.maxEntryBytes} bytes`, {
              ...details,
              maxEntryBytes: limits.maxEntryBytes,
            }),
          );
        else
          fail(
            bomb(`the archive inflates to more than ${limits.maxTotalBytes} bytes`, {
              ...details,
              maxTotalBytes: limits.maxTotalBytes,
            }),
          );
        return;
      }
      if (bytes > limits.ratioFloorBytes && bytes / Math.max(data.length, 1) > limits.maxRatio) {
        fail(
          bomb(`entry ${entry.name} expands more than ${limits.maxRatio}-fold`, {
            entry: entry.name,
            inflatedBytes: bytes,
            maxRatio: limits.maxRatio,
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    inflater.on('error', (err: Error) => {
      if (settled) return;
      settled = true;
      reject(unreadable(`entry ${entry.name}: ${err.message}`));
    });
    inflater.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, bytes));
    });
    inflater.end(data);
  });
}

/**
 * Every entry of `zip`, inflated under `limits`. Throws 422 `UPLOAD_ARCHIVE_BOMB` (an entry larger than it
 * declared, over a cap or the ratio) and 400 `EXCHANGE_WORKBOOK_UNREADABLE` (structure, method, encryption,
 * checksum, size shorter than declared). At most `maxTotalBytes` plus one inflater chunk is ever held.
 */
export async function unpackWorkbook(
  zip: Buffer,
  limits: WorkbookArchiveLimits = DEFAULT_WORKBOOK_ARCHIVE_LIMITS,
): Promise<WorkbookEntry[]> {
  const out: WorkbookEntry[] = [];
  let total = 0;
  for (const entry of readCentralDirectory(zip, limits)) {
    if ((entry.flags & 0x0001) !== 0) throw unreadable(`entry ${entry.name} is encrypted`);
    const data = compressedData(zip, entry);
    let inflated: Buffer;
    if (entry.method === 0) {
      if (
        data.length > entry.declaredSize ||
        data.length > limits.maxEntryBytes ||
        total + data.length > limits.maxTotalBytes
      ) {
        throw bomb(`entry ${entry.name} is larger than it declares or than the caps allow`, {
          entry: entry.name,
          declaredBytes: entry.declaredSize,
          inflatedBytes: data.length,
        });
      }
      inflated = data;
    } else if (entry.method === 8) {
      inflated = await inflateCapped(entry, data, limits, limits.maxTotalBytes - total);
    } else {
      throw unreadable(`entry ${entry.name} uses compression method ${entry.method}`);
    }
    if (inflated.length !== entry.declaredSize)
      throw unreadable(`entry ${entry.name} is shorter than it declares`);
    if (crc32(inflated) !== entry.crc) throw unreadable(`entry ${entry.name} fails its CRC-32 check`);
    total += inflated.length;
    out.push({ name: entry.name, data: inflated, crc: entry.crc });
  }
  return out;
}

/** A ZIP of `entries`, stored without compression (what exceljs is handed). Sizes stay below 4 GiB (capped above). */
export function packStored(entries: readonly WorkbookEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 name
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(CENTRAL_HEADER, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
