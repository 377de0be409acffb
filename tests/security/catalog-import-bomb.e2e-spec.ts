/**
 * Zip bomb through the catalog's workbook import (issue 18, finding 3): an `.xlsx` request body whose headers lie
 * about the sizes of an entry (local header and central directory both declare a few KiB; the deflate stream
 * inflates to far more) passed the central-directory check and was inflated in full by exceljs (JSZip) before the
 * size mismatch was noticed. Now every entry is inflated as a stream, stopped as soon as it passes what it declared
 * (or a byte cap per entry, in total, or a ratio cap), and refused with 422 UPLOAD_ARCHIVE_BOMB; nothing is imported.
 *
 * The bomb is built here without ever holding its inflated form: 1 MiB of zeros deflated once with a full flush
 * (a block sequence that ends byte-aligned with an empty dictionary), repeated, and closed by an empty final block.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { binaryParser, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { serviceNamed, startService } from './support/services.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;

/** A raw deflate stream of `mib` MiB of zeros (about 1 KiB per MiB), built without inflating anything. */
function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array<Buffer>(mib).fill(block), deflateRawSync(Buffer.alloc(0))]);
}

interface RawEntry {
  name: string;
  /** Stored bytes (deflated when `method` is 8). */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** Uncompressed size written into both the local header and the central directory. */
  declaredSize: number;
}

/** A ZIP with the given (possibly lying) headers: local headers, central directory, end record. */
function rawZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.declaredSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const honest = (name: string, text: string): RawEntry => {
  const data = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(data), method: 8, crc: crc32(data), declaredSize: data.length };
};

const CONTENT_TYPES = honest(
  '[Content_Types].xml',
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
);

/** A workbook-shaped archive whose sheet declares `declaredSize` bytes and inflates to `mib` MiB. */
const lyingWorkbook = (mib: number, declaredSize: number): Buffer =>
  rawZip([
    CONTENT_TYPES,
    { name: 'xl/worksheets/sheet1.xml', data: zerosDeflated(mib), method: 8, crc: 0, declaredSize },
  ]);

describe('catalog workbook import: an archive whose headers lie about sizes (issue 18, finding 3)', () => {
  let h: ServiceHarness;
  let token: string;
  const exported = async () =>
    (await request(h.url).get('/api/catalog/export').set('authorization', `Bearer ${token}`)).body as unknown;
  const post = (body: Buffer) =>
    request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', XLSX)
      .send(body);

  beforeAll(async () => {
    h = await startService(serviceNamed('catalog'));
    token = await h.tokenFor('catalog.admin');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a 192 MiB bomb declaring 4 KiB: 422 UPLOAD_ARCHIVE_BOMB, stopped just past the declared size, nothing imported', async () => {
    const body = lyingWorkbook(192, 4096);
    expect(body.length).toBeLessThan(256 * 1024); // what the attacker uploads
    const before = await exported();
    const res = await post(body);
    expect({
      status: res.status,
      code: res.body.code,
      field: res.body.details?.field,
      entry: res.body.details?.entry,
    }).toEqual({
      status: 422,
      code: 'UPLOAD_ARCHIVE_BOMB',
      field: 'file',
      entry: 'xl/worksheets/sheet1.xml',
    });
    expect(res.body.message).toMatch(/declares 4096 bytes/);
    // Inflation stopped within one inflater chunk of the declared size, not after 192 MiB.
    expect(res.body.details.inflatedBytes).toBeGreaterThan(4096);
    expect(res.body.details.inflatedBytes).toBeLessThanOrEqual(4096 + 64 * 1024);
    expect(await exported()).toEqual(before);
  });

  it('a small lie (declares 100 bytes, inflates to 1 MiB) is refused the same way', async () => {
    const res = await post(lyingWorkbook(1, 100));
    expect({ status: res.status, code: res.body.code, entry: res.body.details?.entry }).toEqual({
      status: 422,
      code: 'UPLOAD_ARCHIVE_BOMB',
      entry: 'xl/worksheets/sheet1.xml',
    });
  });

  it('a workbook declaring its true size but expanding more than the ratio cap allows: 422 UPLOAD_ARCHIVE_BOMB', async () => {
    // 8 MiB in ~8 KiB (≈1000-fold), declared honestly: the ratio is judged on what is inflated.
    const zeros = zerosDeflated(8);
    const res = await post(
      rawZip([
        CONTENT_TYPES,
        {
          name: 'xl/worksheets/sheet1.xml',
          data: zeros,
          method: 8,
          crc: crc32(Buffer.alloc(8 * MiB)),
          declaredSize: 8 * MiB,
        },
      ]),
    );
    expect({ status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({
      status: 422,
      code: 'UPLOAD_ARCHIVE_BOMB',
      field: 'file',
    });
  });

  it('an entry whose data does not match its checksum is refused as unreadable (400), nothing imported', async () => {
    const sheet = honest('xl/worksheets/sheet1.xml', '<worksheet/>');
    const res = await post(rawZip([CONTENT_TYPES, { ...sheet, crc: (sheet.crc + 1) >>> 0 }]));
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'EXCHANGE_WORKBOOK_UNREADABLE',
    });
  });

  it('a real workbook (the export of this catalog) still imports', async () => {
    const xlsx = await request(h.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binaryParser);
    const res = await post(xlsx.body as Buffer);
    expect([res.status, res.body.sheetErrors]).toEqual([200, []]);
  });
});
