import type { AnnualReport, ProactiveCell, RemedyCounts } from '@hall/contracts';
import { renderPdf } from '@hall/pdf';
import ExcelJS from 'exceljs';

/**
 * The annual report as documents: an A4 PDF (the hall's one PDF setup, CJK font embedded) and an Excel workbook
 * (exceljs, as the catalog's exchange); Word is `report-docx.ts`. Manual cells
 * (typed by the officer, not computed) are marked: `*` in the PDF with a note under table 二, a yellow fill and a
 * cell note in Excel. A manual cell not yet entered reads 未填报.
 */

export const REPORT_TITLE = (r: AnnualReport): string => `${r.agencyName}${r.year}年政府信息公开工作年度报告`;

export const SECTION_TITLES = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  remedies: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
} as const;

export const MANUAL_NOTE = '注：带“*”的数据由本机关人工填报，其余数据由系统根据政府信息公开记录自动统计。';

export const REMEDY_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
export const remedyValues = (c: RemedyCounts): number[] => [
  c.upheld,
  c.corrected,
  c.other,
  c.pending,
  c.total,
];

/** A table-二 cell as printed: its value, `*` when typed by the officer, 未填报* when not entered yet. */
export const reportCellText = (c: ProactiveCell): string =>
  c.value === null ? '未填报*' : `${c.value}${c.manual ? '*' : ''}`;

/** The 信息处理费 sentence of section 六, always from the data. */
export function feeSentence(r: AnnualReport): string {
  return r.fees.requests === 0
    ? `${r.year}年，本机关未收取政府信息公开信息处理费。`
    : `${r.year}年，本机关依照《政府信息公开信息处理费管理办法》对${r.fees.requests}件政府信息公开申请收取信息处理费，共计${r.fees.totalYuan}元。`;
}

/** The paragraphs of a narrative section (blank lines separate them); an empty section reads 无。 */
export const reportParagraphs = (s: string): string[] => {
  const ps = s
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return ps.length > 0 ? ps : ['无。'];
};

export async function renderReportPdf(r: AnnualReport): Promise<Buffer> {
  const at = new Date(r.publishedAt ?? r.asOf);
  const margin = 50;
  return renderPdf(
    {
      document: {
        size: 'A4',
        margins: { top: margin, bottom: margin, left: margin, right: margin },
        info: {
          Title: REPORT_TITLE(r),
          Author: r.agencyName,
          Creator: '一网通办 政务公开',
          CreationDate: at,
          ModDate: at,
        },
      },
    },
    (doc) => {
      const width = doc.page.width - 2 * margin;
      const bottom = () => doc.page.height - margin;
      const heading = (t: string) => {
        doc.moveDown(0.6);
        doc.fontSize(13).text(t, margin, doc.y, { width });
        doc.moveDown(0.3);
      };
      const body = (ps: string[]) => {
        doc.fontSize(10.5);
        for (const p of ps) {
          doc.text(`\u3000\u3000${p}`, margin, doc.y, { width, lineGap: 3 });
          doc.moveDown(0.2);
        }
      };
      /** One table: `widths` per column, a header row, then rows of strings; wraps and breaks pages. */
      const table = (widths: number[], rows: string[][], header: number) => {
        doc.fontSize(8);
        for (const [ri, row] of rows.entries()) {
          const h =
            Math.max(...row.map((t, i) => doc.heightOfString(t, { width: (widths[i] ?? 40) - 6 }))) + 8;
          if (doc.y + h > bottom()) doc.addPage();
          const y = doc.y;
          let x = margin;
          row.forEach((t, i) => {
            const w = widths[i] ?? 40;
            doc.rect(x, y, w, h).lineWidth(0.5).stroke();
            doc.text(t, x + 3, y + 4, { width: w - 6, align: i === 0 || ri < header ? 'left' : 'center' });
            x += w;
          });
          doc.x = margin;
          doc.y = y + h;
        }
        doc.fontSize(10.5);
      };

      doc.fontSize(17).text(REPORT_TITLE(r), { width, align: 'center' });
      doc.moveDown(0.3);
      doc
        .fontSize(9)
        .text(
          `统计期限：${r.year}年1月1日至${r.year}年12月31日${r.status === 'draft' ? '（草稿，数据截至生成之时）' : ''}`,
          { width, align: 'center' },
        );

      heading(SECTION_TITLES.overview);
      body(reportParagraphs(r.narrative.overview));

      heading(SECTION_TITLES.proactive);
      for (const g of r.proactive) {
        const cols = g.columns.length;
        const rest = (width - 140) / cols;
        table(
          [140, ...g.columns.map(() => rest)],
          [
            [g.article, ...g.columns.map(() => '')],
            ['信息内容', ...g.columns],
            ...g.rows.map((row) => [row.label, ...row.cells.map(reportCellText)]),
          ],
          2,
        );
        doc.moveDown(0.3);
      }
      doc.fontSize(8.5).text(MANUAL_NOTE, margin, doc.y, { width });

      heading(SECTION_TITLES.requests);
      const labelW = 200;
      const colW = (width - labelW) / r.requests.columns.length;
      const [natural = '', ...rest] = r.requests.columns;
      const total = rest.pop() ?? '';
      table(
        [labelW, colW, colW * rest.length, colW],
        [
          [
            '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
            natural,
            '法人或其他组织',
            total,
          ],
        ],
        1,
      );
      table(
        [labelW, ...r.requests.columns.map(() => colW)],
        [
          ['申请人情况', '', ...rest, ''],
          ...r.requests.rows.map((row) => [
            row.group && !row.label.startsWith('（') ? `${row.group} ${row.label}` : row.label,
            ...row.counts.map(String),
          ]),
        ],
        1,
      );

      heading(SECTION_TITLES.remedies);
      const rw = width / 15;
      table([rw * 5, rw * 10], [['行政复议', '行政诉讼']], 1);
      table([rw * 5, rw * 5, rw * 5], [['', '未经复议直接起诉', '复议后起诉']], 1);
      table(
        Array.from({ length: 15 }, () => rw),
        [
          [...REMEDY_COLUMNS, ...REMEDY_COLUMNS, ...REMEDY_COLUMNS],
          [
            ...remedyValues(r.remedies.review),
            ...remedyValues(r.remedies.litigationDirect),
            ...remedyValues(r.remedies.litigationAfterReview),
          ].map(String),
        ],
        1,
      );

      heading(SECTION_TITLES.problems);
      body(reportParagraphs(r.narrative.problems));
      heading(SECTION_TITLES.other);
      body([feeSentence(r), ...(r.narrative.other.trim() ? reportParagraphs(r.narrative.other) : [])]);
    },
  );
}

const MANUAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

export async function renderReportXlsx(r: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = r.agencyName;
  wb.title = REPORT_TITLE(r);
  wb.created = new Date(r.publishedAt ?? r.asOf);

  const text = wb.addWorksheet('一五六 文字部分');
  text.columns = [{ width: 28 }, { width: 100 }];
  text.addRow(['报告', REPORT_TITLE(r)]);
  text.addRow(['状态', r.status === 'published' ? '已发布' : '草稿']);
  text.addRow([SECTION_TITLES.overview, r.narrative.overview]);
  text.addRow([SECTION_TITLES.problems, r.narrative.problems]);
  text.addRow([SECTION_TITLES.other, [feeSentence(r), r.narrative.other].filter((s) => s.trim()).join('\n')]);
  text.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  const pro = wb.addWorksheet('二 主动公开');
  pro.columns = [{ width: 22 }, { width: 20 }, { width: 20 }, { width: 20 }];
  for (const g of r.proactive) {
    pro.addRow([g.article]).font = { bold: true };
    pro.addRow(['信息内容', ...g.columns]).font = { bold: true };
    for (const row of g.rows) {
      const added = pro.addRow([row.label, ...row.cells.map((c) => c.value)]);
      row.cells.forEach((c, i) => {
        if (!c.manual) return;
        const cell = added.getCell(i + 2);
        cell.fill = MANUAL_FILL;
        cell.note = c.value === null ? '人工填报（未填报）' : '人工填报';
      });
    }
    pro.addRow([]);
  }
  pro.addRow([MANUAL_NOTE.replace('带“*”的', '黄色底纹的')]);

  const req = wb.addWorksheet('三 依申请公开');
  req.columns = [{ width: 24 }, { width: 60 }, ...r.requests.columns.map(() => ({ width: 12 }))];
  req.addRow(['', '', '申请人情况']).font = { bold: true };
  req.addRow(['', '', ...r.requests.columns]).font = { bold: true };
  for (const row of r.requests.rows) req.addRow([row.group ?? '', row.label, ...row.counts]);

  const rem = wb.addWorksheet('四 复议诉讼');
  rem.columns = Array.from({ length: 15 }, () => ({ width: 11 }));
  rem.addRow(['行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', '']).font = {
    bold: true,
  };
  rem.addRow(['', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉', '', '', '', '']).font = {
    bold: true,
  };
  rem.mergeCells(1, 1, 2, 5);
  rem.mergeCells(1, 6, 1, 15);
  rem.mergeCells(2, 6, 2, 10);
  rem.mergeCells(2, 11, 2, 15);
  rem.addRow([...REMEDY_COLUMNS, ...REMEDY_COLUMNS, ...REMEDY_COLUMNS]).font = { bold: true };
  rem.addRow([
    ...remedyValues(r.remedies.review),
    ...remedyValues(r.remedies.litigationDirect),
    ...remedyValues(r.remedies.litigationAfterReview),
  ]);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}

/** The report as the plain text of its 主动公开 item (the body of the item; the PDF is its attachment). */
export function reportItemBody(r: AnnualReport): string {
  const lines: string[] = [];
  lines.push(SECTION_TITLES.overview, ...reportParagraphs(r.narrative.overview), '');
  lines.push(SECTION_TITLES.proactive);
  for (const g of r.proactive) {
    lines.push(g.article);
    for (const row of g.rows)
      lines.push(
        `${row.label}：${row.cells.map((c, i) => `${g.columns[i] ?? ''} ${reportCellText(c)}`).join('；')}`,
      );
  }
  lines.push(MANUAL_NOTE, '');
  lines.push(SECTION_TITLES.requests);
  for (const row of r.requests.rows)
    lines.push(
      `${row.group && !row.label.startsWith('（') ? `${row.group} ` : ''}${row.label}：${row.counts
        .map((n, i) => `${r.requests.columns[i] ?? ''}${n}`)
        .join('，')}`,
    );
  lines.push('', SECTION_TITLES.remedies);
  const line = (name: string, c: RemedyCounts) =>
    `${name}：${REMEDY_COLUMNS.map((h, i) => `${h}${remedyValues(c)[i] ?? 0}`).join('，')}`;
  lines.push(
    line('行政复议', r.remedies.review),
    line('行政诉讼（未经复议直接起诉）', r.remedies.litigationDirect),
    line('行政诉讼（复议后起诉）', r.remedies.litigationAfterReview),
    '',
  );
  lines.push(SECTION_TITLES.problems, ...reportParagraphs(r.narrative.problems), '');
  lines.push(
    SECTION_TITLES.other,
    feeSentence(r),
    ...(r.narrative.other.trim() ? reportParagraphs(r.narrative.other) : []),
  );
  return lines.join('\n');
}
