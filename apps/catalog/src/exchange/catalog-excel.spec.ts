import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { CatalogExchange, type CatalogExchangeInput } from '@hall/contracts';
import { sampleZip } from '@hall/storage';
import {
  EXCHANGE_WORKBOOK_UNREADABLE,
  exchangeToWorkbook,
  WORKBOOK_UNZIPPED_MAX_BYTES,
  workbookToExchange,
} from './catalog-excel.js';
import { bulkExchange, exchangeFixture } from './testing/exchange.fixture.js';

const S = {
  regions: '区划 regions',
  departments: '部门 departments',
  baseItems: '基本目录 baseItems',
  services: '中介服务 intermediaryServices',
  implementations: '实施清单 implementations',
  materials: '申请材料 materials',
  fees: '收费 fees',
  process: '流程环节 processTemplate',
  results: '办理结果 results',
  faqs: '常见问题 faqs',
  form: '申请表字段 applicationForm',
  providers: '中介机构 intermediaryProviders',
  synonyms: '搜索同义词 synonyms',
};

const exportOf = (doc: CatalogExchangeInput) => exchangeToWorkbook(CatalogExchange.parse(doc));

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Loads, edits and saves a workbook. */
async function edit(buffer: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = await load(buffer);
  change(wb);
  return save(wb);
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Column number of a field in a sheet's header. */
function column(ws: ExcelJS.Worksheet, field: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, n) => {
    if (typeof cell.value === 'string' && cell.value.split(' ').at(-1) === field) found = n;
  });
  if (!found) throw new Error(`no column ${field} in ${ws.name}`);
  return found;
}

function setCell(
  wb: ExcelJS.Workbook,
  name: string,
  row: number,
  field: string,
  value: ExcelJS.CellValue,
): void {
  const ws = sheet(wb, name);
  ws.getCell(row, column(ws, field)).value = value;
}

/** Every sheet's name and cell values (row by row), for comparing workbooks by content. */
async function contentOf(buffer: Buffer): Promise<Array<{ name: string; rows: unknown[][] }>> {
  const wb = await load(buffer);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: unknown[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).value ?? null);
      rows.push(cells);
    }
    return { name: ws.name, rows };
  });
}

describe('exchangeToWorkbook / workbookToExchange', () => {
  it('round-trips the rich fixture: import(export(doc)) equals the parsed document', async () => {
    const buffer = await exportOf(exchangeFixture);
    const { doc, rowErrors } = await workbookToExchange(buffer);

    expect(rowErrors).toEqual([]);
    expect(CatalogExchange.parse(doc)).toEqual(CatalogExchange.parse(exchangeFixture));
  });

  it('round-trips arbitrary text, list elements and empty-vs-absent optional strings (property)', async () => {
    /** Strings built from the characters that are hard for cells and lists, plus arbitrary Unicode. */
    const tricky = fc.constantFrom(
      ';',
      '\\',
      ' ',
      '\r',
      '\n',
      '\t',
      '\u0000',
      '\u0001',
      '\u001f',
      '\u3000',
      '_x0041_',
      '_x005F_',
      '_xd800_',
      '；',
      '、',
      '=',
      '"',
      '<',
      '&',
      '中',
      'a',
      '0',
      '\uffff',
      '😀',
    );
    const text = (maxLength: number) =>
      fc
        .string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 1 })), maxLength })
        .filter((x) => x.length <= maxLength);
    const item = (max: number) => text(max).filter((x) => x.length >= 1);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          themes: fc.array(item(40), { maxLength: 4 }),
          process: fc.array(item(60), { maxLength: 4 }),
          acceptanceConditions: text(80),
          basis: fc.option(text(20), { nil: undefined }),
          competentDepartment: fc.option(text(20), { nil: undefined }),
          place: text(30),
        }),
        async (v) => {
          const base = CatalogExchange.parse(exchangeFixture);
          const [impl, ...rest] = base.implementations;
          const [material, ...materials] = impl?.materials ?? [];
          const [item0, ...items] = base.baseItems;
          if (!impl || !material || !item0) throw new Error('fixture changed');
          const doc = CatalogExchange.parse({
            ...base,
            baseItems: [{ ...item0, competentDepartment: v.competentDepartment }, ...items],
            implementations: [
              {
                ...impl,
                themes: v.themes,
                process: v.process,
                acceptanceConditions: v.acceptanceConditions,
                materials: [{ ...material, basis: v.basis }, ...materials],
                service: { ...impl.service, place: v.place },
              },
              ...rest,
            ],
          });
          const { doc: back, rowErrors } = await workbookToExchange(await exchangeToWorkbook(doc));
          expect(rowErrors).toEqual([]);
          expect(CatalogExchange.parse(back)).toEqual(doc);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('export → import → export gives the same cell values in every sheet', async () => {
    const first = await exportOf(exchangeFixture);
    const { doc } = await workbookToExchange(first);
    const second = await exchangeToWorkbook(CatalogExchange.parse(doc));

    const a = await contentOf(first);
    expect(a.map((s) => s.name)).toEqual(Object.values(S));
    expect(await contentOf(second)).toEqual(a);
  });

  it('lays sheets out with a bold frozen bilingual header, widths, text codes and keyed child rows', async () => {
    const wb = await load(await exportOf(exchangeFixture));
    const impl = sheet(wb, S.implementations);

    expect(impl.getCell(1, column(impl, 'promisedLimitDays')).value).toBe('承诺办结时限 promisedLimitDays');
    expect(impl.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(impl.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(impl.getColumn(1).width).toBeGreaterThanOrEqual(8);
    // Codes stay text with their leading zeros, numbers are numbers, booleans 是/否, lists joined with ';'.
    expect(impl.getCell(2, 1).value).toBe('000120021000|3|340100|11340100MB0123456X');
    const uscc = impl.getCell(3, column(impl, 'implementingBody.uscc'));
    expect(uscc.value).toBe('013401020000000001');
    expect(uscc.numFmt).toBe('@');
    expect(impl.getCell(2, column(impl, 'legalLimitDays')).value).toBe(20);
    expect(impl.getCell(2, column(impl, 'service.online')).value).toBe('是');
    expect(impl.getCell(2, column(impl, 'themes')).value).toBe(
      '开办企业;餐饮\\;食品;\\ 前后空格\\ ;back\\\\slash',
    );

    const process = sheet(wb, S.process);
    const roles: unknown[] = [];
    for (let r = 2; r <= process.rowCount; r++)
      roles.push([process.getCell(r, 1).value, process.getCell(r, 2).value]);
    const key1 = '000120021000|3|340100|11340100MB0123456X';
    expect(roles.slice(0, 6)).toEqual([
      [key1, 'lead'],
      [key1, 'co'],
      [key1, 'co'],
      [key1, 'step'],
      [key1, 'step'],
      [key1, 'step'],
    ]);
    expect(roles.at(-3)).toEqual(['2000000000001A|3|340100|11340100MB0123457Y', 'lead']);
    expect(roles.at(-2)).toEqual(['2000000000001A|3|340100|11340100MB0123457Y', 'escalate']);
  });

  it('reports bad cells by sheet, row and field and leaves those rows out', async () => {
    const buffer = await edit(await exportOf(exchangeFixture), (wb) => {
      setCell(wb, S.regions, 3, 'code', 'abc'); // 合肥市
      setCell(wb, S.implementations, 3, 'promisedLimitDays', '十'); // the county implementation
      setCell(wb, S.implementations, 4, 'implementingBody.uscc', 'not-a-uscc');
    });
    const { doc, rowErrors } = await workbookToExchange(buffer);

    expect(rowErrors).toEqual([
      {
        sheet: S.regions,
        row: 3,
        field: 'code',
        message: 'six-digit GB/T 2260 or twelve-digit 统计用区划代码 below the county',
      },
      {
        sheet: S.implementations,
        row: 3,
        field: 'promisedLimitDays',
        message: 'expected a whole number, found "十"',
      },
      { sheet: S.implementations, row: 4, field: 'implementingBody.uscc', message: expect.any(String) },
    ]);
    expect(doc.regions?.map((r) => r.code)).toEqual(['340000', '340102']);
    expect(doc.implementations?.map((i) => i.regionCode)).toEqual(['340100']);
    expect(doc.implementations?.[0]?.baseCode).toBe('000120021000');
  });

  it('leaves an implementation out when one of its child rows is bad, naming the child cell', async () => {
    const buffer = await edit(await exportOf(exchangeFixture), (wb) => {
      setCell(wb, S.materials, 2, 'originals', '两');
      setCell(wb, S.process, 5, 'departmentCode', 'Bad Code'); // a step of the first implementation
      sheet(wb, S.process).spliceRows(9, 1); // the lead row of the third implementation
      setCell(wb, S.results, 2, 'validityMonths', 2000);
      setCell(wb, S.faqs, 3, 'a', null);
    });
    const { doc, rowErrors } = await workbookToExchange(buffer);

    expect(rowErrors).toEqual([
      {
        sheet: S.implementations,
        row: 2,
        field: 'materials',
        message: `left out: errors in ${S.materials} row 2`,
      },
      {
        sheet: S.implementations,
        row: 2,
        field: 'processTemplate',
        message: `left out: errors in ${S.process} row 5`,
      },
      {
        sheet: S.implementations,
        row: 2,
        field: 'results',
        message: `left out: errors in ${S.results} row 2`,
      },
      {
        sheet: S.implementations,
        row: 2,
        field: 'service.faqs',
        message: `left out: errors in ${S.faqs} row 3`,
      },
      {
        sheet: S.implementations,
        row: 4,
        field: 'processTemplate.lead',
        message: `required: add a ${S.process} row with role lead`,
      },
      { sheet: S.materials, row: 2, field: 'originals', message: 'expected a whole number, found "两"' },
      { sheet: S.process, row: 5, field: 'departmentCode', message: 'kebab-case department code' },
      { sheet: S.results, row: 2, field: 'validityMonths', message: expect.stringContaining('1200') },
      { sheet: S.faqs, row: 3, field: 'a', message: 'required (empty cell)' },
    ]);
    expect(doc.implementations?.map((i) => i.baseCode)).toEqual(['00012002100001']);
  });

  it('restores leading zeros of numeric code cells with a fixed length, and reads rich text, formulas and links', async () => {
    const buffer = await edit(await exportOf(exchangeFixture), (wb) => {
      setCell(wb, S.regions, 2, 'code', 40000); // '040000'
      setCell(wb, S.regions, 3, 'parentCode', 40000);
      setCell(wb, S.baseItems, 2, 'type', 1); // '01'
      setCell(wb, S.baseItems, 2, 'definedAtLevel', 1);
      setCell(wb, S.implementations, 2, 'regionCode', 340100);
      setCell(wb, S.implementations, 2, 'level', { formula: '1+2', result: 3 });
      setCell(wb, S.implementations, 2, 'implementingBody.name', {
        richText: [{ text: '合肥市' }, { text: '市场监督管理局', font: { bold: true } }],
      });
      setCell(wb, S.implementations, 2, 'service.onlineUrl', {
        text: 'https://www.ahzwfw.gov.cn/x',
        hyperlink: 'https://www.ahzwfw.gov.cn/x',
      });
      setCell(wb, S.implementations, 2, 'legalLimitDays', '２０');
      setCell(wb, S.implementations, 2, 'service.online', true);
      setCell(wb, S.implementations, 2, 'audiences', '1、2');
      // What Excel makes of 013401020000000001 typed into a General cell: beyond 2^53, so not even the digits survive.
      setCell(wb, S.implementations, 3, 'implementingBody.uscc', Number('013401020000000001'));
    });
    const { doc, rowErrors } = await workbookToExchange(buffer);

    expect(rowErrors).toEqual([
      {
        sheet: S.implementations,
        row: 3,
        field: 'implementingBody.uscc',
        message: expect.stringContaining('format the column as text'),
      },
    ]);
    expect(doc.regions?.[0]?.code).toBe('040000');
    expect(doc.regions?.[1]?.parentCode).toBe('040000');
    expect(doc.baseItems?.[0]).toMatchObject({ type: '01', definedAtLevel: '1' });
    expect(doc.implementations?.[0]).toMatchObject({
      level: '3',
      regionCode: '340100',
      legalLimitDays: 20,
      audiences: ['1', '2'],
      implementingBody: { name: '合肥市市场监督管理局' },
      service: { online: true, onlineUrl: 'https://www.ahzwfw.gov.cn/x' },
    });
  });

  it('matches headers by field or label in any order; an empty unknown column is harmless', async () => {
    const wb = new ExcelJS.Workbook();
    const regions = wb.addWorksheet('区划');
    regions.addRow(['name', '备注', '区划代码', 'kind']);
    regions.addRow(['合肥市', '', '340100', 'city']);
    regions.addRow([]);
    regions.addRow(['瑶海区', '', 340102, 'county']);
    wb.addWorksheet('departments').addRows([
      ['code', 'name'],
      ['hf-amr', '合肥市市场监督管理局'],
    ]);
    wb.addWorksheet('空白页');

    const { doc, rowErrors } = await workbookToExchange(await save(wb));

    expect(rowErrors).toEqual([]);
    expect(doc).toEqual({
      format: 'hall-catalog/1',
      regions: [
        { code: '340100', name: '合肥市', kind: 'city' },
        { code: '340102', name: '瑶海区', kind: 'county' },
      ],
      departments: [{ code: 'hf-amr', name: '合肥市市场监督管理局' }],
      baseItems: [],
      implementations: [],
      synonyms: [],
    });
  });

  it('reports a value in an unknown column per row and leaves the row out, never dropping it silently', async () => {
    const wb = new ExcelJS.Workbook();
    const regions = wb.addWorksheet('区划');
    regions.addRow(['name', '备注', '区划代码', 'kind', '', 'name']);
    regions.addRow(['合肥市', '省会', '340100', 'city']);
    regions.addRow(['瑶海区', '', 340102, 'county']);
    regions.addRow(['庐阳区', '', '340103', 'county', '多余', '庐阳']);
    regions.addRow([undefined, '只有备注']);

    const { doc, rowErrors } = await workbookToExchange(await save(wb));

    const unknown =
      'unknown column: not a field of 区划 regions; rename the header to a field of the sheet, or empty the column';
    expect(rowErrors).toEqual([
      { sheet: '区划', row: 2, field: '备注', message: unknown },
      { sheet: '区划', row: 4, field: '(column E)', message: unknown },
      // A second column for a field is no field either (its value would otherwise be ignored).
      { sheet: '区划', row: 4, field: 'name', message: unknown },
      { sheet: '区划', row: 5, field: '备注', message: unknown },
      { sheet: '区划', row: 5, field: 'code', message: 'required (empty cell)' },
      { sheet: '区划', row: 5, field: 'name', message: 'required (empty cell)' },
      { sheet: '区划', row: 5, field: 'kind', message: expect.stringMatching(/^Invalid option/) },
    ]);
    expect(doc.regions).toEqual([{ code: '340102', name: '瑶海区', kind: 'county' }]);
  });

  it('reports an unknown sheet with content (a misnamed sheet would drop all its rows) and an unknown column of a child sheet', async () => {
    const exported = await exportOf(exchangeFixture);
    const buffer = await edit(exported, (wb) => {
      const junk = wb.addWorksheet('申请材料表');
      junk.addRow(['rowKey', 'id', 'name']);
      junk.addRow(['abc', 'x', 'y']);
      const fees = sheet(wb, S.fees);
      fees.getCell(1, 20).value = '收费单位 payee';
      fees.getCell(2, 20).value = '合肥市财政局';
    });
    const { doc, rowErrors } = await workbookToExchange(buffer);
    const clean = (await workbookToExchange(await edit(exported, () => undefined))).doc;

    expect(rowErrors).toEqual([
      {
        sheet: '申请材料表',
        row: 1,
        field: '(sheet)',
        message: expect.stringMatching(
          /^unknown sheet: not one of 区划 regions, .*; nothing in it was imported$/,
        ),
      },
      expect.objectContaining({
        sheet: S.implementations,
        field: 'fees',
        message: `left out: errors in ${S.fees} row 2`,
      }),
      {
        sheet: S.fees,
        row: 2,
        field: '收费单位 payee',
        message: `unknown column: not a field of ${S.fees}; rename the header to a field of the sheet, or empty the column`,
      },
    ]);
    // The implementation whose fee row carries the unknown column is left out with all its rows; the others are read as before.
    expect(doc.implementations).toHaveLength((clean.implementations?.length ?? 0) - 1);
  });

  it('reads an empty workbook and an exported empty document as an empty document', async () => {
    const empty = {
      format: 'hall-catalog/1',
      regions: [],
      departments: [],
      baseItems: [],
      implementations: [],
      synonyms: [],
    };
    const progress: Array<[number, number]> = [];
    const none = await workbookToExchange(await save(new ExcelJS.Workbook()), {
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(none).toEqual({ doc: empty, rowErrors: [] });
    expect(progress.at(-1)).toEqual([0, 0]);

    const headersOnly = await workbookToExchange(
      await exchangeToWorkbook(CatalogExchange.parse({ format: 'hall-catalog/1' })),
    );
    expect(headersOnly).toEqual({ doc: empty, rowErrors: [] });
  });

  it('reports child rows of an unknown implementation and duplicate implementation rows', async () => {
    const buffer = await edit(await exportOf(exchangeFixture), (wb) => {
      setCell(wb, S.fees, 2, 'rowKey', 'nope|3|340100|X');
      const impl = sheet(wb, S.implementations);
      const copy = impl.getRow(3).values;
      impl.addRow(Array.isArray(copy) ? copy.slice(1) : []);
    });
    const { doc, rowErrors } = await workbookToExchange(buffer);

    expect(rowErrors).toEqual([
      {
        sheet: S.implementations,
        row: 5,
        field: 'rowKey',
        message:
          'duplicate row key "00012002100001|4|340102|013401020000000001" (first in row 3); row left out',
      },
      {
        sheet: S.fees,
        row: 2,
        field: 'rowKey',
        message: `no ${S.implementations} row has the row key "nope|3|340100|X" (fees)`,
      },
    ]);
    expect(doc.implementations).toHaveLength(3);
    expect(doc.implementations?.[0]?.fees).toEqual([]);
  });

  it('reports progress regularly and reads thousands of rows', async () => {
    const buffer = await exportOf(bulkExchange(1200));
    const calls: Array<[number, number]> = [];
    const { doc, rowErrors } = await workbookToExchange(buffer, {
      onProgress: (done, total) => calls.push([done, total]),
    });

    expect(rowErrors).toEqual([]);
    expect(doc.implementations).toHaveLength(1200);
    // regions, departments, base items, the implementations with their child rows, synonyms.
    const total = 3 + 3 + 3 + 1200 * (1 + 3 + 1 + 2 + 1) + 2;
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.map(([d]) => d)).toEqual([...calls.map(([d]) => d)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([total, total]);
  });

  it('throws a typed error for a file that is not a workbook', async () => {
    await expect(workbookToExchange(Buffer.from('not a zip'))).rejects.toMatchObject({
      code: EXCHANGE_WORKBOOK_UNREADABLE,
      status: 400,
    });
  });

  it('refuses a zip bomb, a linked entry or more than WORKBOOK_UNZIPPED_MAX_BYTES before inflating anything', async () => {
    const bomb = sampleZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(32 * 1024 * 1024, 0x20), deflate: true },
    ]);
    await expect(workbookToExchange(bomb)).rejects.toMatchObject({
      code: 'UPLOAD_ARCHIVE_BOMB',
      status: 422,
    });
    const link = sampleZip([{ name: 'xl/workbook.xml', data: Buffer.from('/etc/passwd'), symlink: true }]);
    await expect(workbookToExchange(link)).rejects.toMatchObject({
      code: 'UPLOAD_ARCHIVE_LINK',
      status: 422,
    });
    // Each entry declares a modest ratio (64-fold), together they declare more than the limit (26 × 4 MiB).
    const noise = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 251));
    const big = sampleZip(
      Array.from({ length: 26 }, (_, i) => ({
        name: `xl/media/${i}.bin`,
        data: noise,
        declaredUncompressedSize: 4 * 1024 * 1024,
      })),
    );
    await expect(workbookToExchange(big)).rejects.toMatchObject({
      code: 'UPLOAD_ARCHIVE_BOMB',
      status: 422,
      details: { maxUncompressedBytes: WORKBOOK_UNZIPPED_MAX_BYTES },
    });
    // A real workbook passes the same check.
    await expect(workbookToExchange(await exportOf(exchangeFixture))).resolves.toMatchObject({
      rowErrors: [],
    });
  });
});
