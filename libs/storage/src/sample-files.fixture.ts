// Tiny but valid sample files for tests (here and in services that exercise uploads), and hostile ones.
import { crc32, deflateRawSync } from 'node:zlib';

/** A minimal, valid one-page PDF 1.4 (correct xref offsets). `padTo` appends a comment to reach a size. */
export function samplePdf(text = 'hall', padTo = 0): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const padding = padTo - Buffer.byteLength(body, 'latin1') - 200;
  if (padding > 0) body += `%${'x'.repeat(padding)}\n`;
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A valid 1×1 PNG. */
export function samplePng(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
}

/** A PNG that declares `width`×`height` in its IHDR but carries only a tiny (not decodable at that size) body. */
export function samplePngDeclaring(width: number, height: number): Buffer {
  const png = Buffer.from(samplePng());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  // Keep the IHDR checksum right so only the declared size is wrong.
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A baseline JPEG header (APP0 JFIF, one SOF0) that declares `width`×`height`, followed by a few bytes and EOI. */
export function sampleJpegDeclaring(width: number, height: number, app1Bytes = 0): Buffer {
  const segment = (marker: number, body: Buffer): Buffer => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const sof = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(app1Bytes > 0 ? [segment(0xe1, Buffer.alloc(app1Bytes))] : []),
    segment(0xc0, sof),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export interface SampleZipEntry {
  readonly name: string;
  readonly data?: Buffer;
  /** Deflate the data (default: stored). */
  readonly deflate?: boolean;
  /** A Unix symbolic link whose target is `data`. */
  readonly symlink?: boolean;
  /** Write these sizes into the central directory instead of the true ones (a lying archive). */
  readonly declaredUncompressedSize?: number;
  /** Reuse the compressed bytes of an earlier entry instead of writing new ones (overlapping entries). */
  readonly sameDataAs?: number;
}

/** A ZIP archive (local headers, central directory, end record) built from `entries`; Unix host, no ZIP64. */
export function sampleZip(entries: readonly SampleZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  const sizes: Array<{ crc: number; compressed: number; uncompressed: number }> = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.deflate === true ? 8 : 0;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const shared = entry.sameDataAs;
    const size = { crc: crc32(data), compressed: stored.length, uncompressed: data.length };
    let localOffset = offset;
    if (shared !== undefined) {
      localOffset = offsets[shared] ?? 0;
      Object.assign(size, sizes[shared]);
    } else {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(size.crc, 14);
      local.writeUInt32LE(size.compressed, 18);
      local.writeUInt32LE(size.uncompressed, 22);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name, stored);
      offset += local.length + name.length + stored.length;
    }
    offsets[i] = localOffset;
    sizes[i] = size;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(size.crc, 16);
    central.writeUInt32LE(size.compressed, 20);
    central.writeUInt32LE(entry.declaredUncompressedSize ?? size.uncompressed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((entry.symlink === true ? 0o120777 : 0o100644) * 0x10000, 38);
    central.writeUInt32LE(localOffset, 42);
    centrals.push(central, name);
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
