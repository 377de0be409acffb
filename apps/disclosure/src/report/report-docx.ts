import type { AnnualReport } from '@hall/contracts';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';
import {
  feeSentence,
  MANUAL_NOTE,
  REMEDY_COLUMNS,
  remedyValues,
  REPORT_TITLE,
  reportCellText,
  reportParagraphs,
  SECTION_TITLES,
} from './report-documents.js';

/**
 * The annual report as a Word document (.docx, the `docx` library): the title, the six sections in the national order,
 * the narrative paragraphs as typed (first-line indent of two characters) and tables 二, 三 and 四 with the headings
 * of the national format. Manual cells read like the PDF's (`*`, 未填报*). Fonts are left to Word (宋体 for East Asian
 * text by the document defaults), so nothing is embedded.
 */

const FONT = { ascii: 'Times New Roman', eastAsia: '宋体', hAnsi: 'Times New Roman' };
/** Half-points: 三号 16 pt title, 四号 14 pt headings, 小四 12 pt body, 五号 10.5 pt tables. */
const SIZE = { title: 32, heading: 28, body: 24, table: 21, note: 18 } as const;

const run = (text: string, size: number, bold = false): TextRun =>
  new TextRun({ text, size, bold, font: FONT });

const heading = (text: string): Paragraph =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [run(text, SIZE.heading, true)],
  });

const body = (texts: string[]): Paragraph[] =>
  texts.map(
    (t) =>
      new Paragraph({
        indent: { firstLine: 480 },
        spacing: { after: 60, line: 360 },
        children: [run(t, SIZE.body)],
      }),
  );

interface Cell {
  text: string;
  span?: number;
  /** Vertical merge: `start` opens a cell merged with the ones below marked `continue`. */
  merge?: 'start' | 'continue';
  bold?: boolean;
  left?: boolean;
}

/** A bordered table (docx's default borders) filling the page width. */
function table(rows: Cell[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells) =>
        new TableRow({
          children: cells.map(
            (c) =>
              new TableCell({
                ...(c.span !== undefined && { columnSpan: c.span }),
                ...(c.merge !== undefined && {
                  verticalMerge: c.merge === 'start' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE,
                }),
                children: [
                  new Paragraph({
                    alignment: c.left ? AlignmentType.LEFT : AlignmentType.CENTER,
                    children: [run(c.text, SIZE.table, c.bold)],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

const head = (text: string, extra: Omit<Cell, 'text'> = {}): Cell => ({ text, bold: true, ...extra });

export async function renderReportDocx(r: AnnualReport): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [run(REPORT_TITLE(r), SIZE.title, true)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        run(
          `统计期限：${r.year}年1月1日至${r.year}年12月31日${r.status === 'draft' ? '（草稿，数据截至生成之时）' : ''}`,
          SIZE.note,
        ),
      ],
    }),
    heading(SECTION_TITLES.overview),
    ...body(reportParagraphs(r.narrative.overview)),
    heading(SECTION_TITLES.proactive),
  ];

  for (const g of r.proactive) {
    children.push(
      table([
        [head(g.article, { span: g.columns.length + 1, left: true })],
        [head('信息内容'), ...g.columns.map((c) => head(c))],
        ...g.rows.map((row) => [
          { text: row.label, left: true },
          ...row.cells.map((c) => ({ text: reportCellText(c) })),
        ]),
      ]),
      new Paragraph({ children: [] }),
    );
  }
  children.push(new Paragraph({ children: [run(MANUAL_NOTE, SIZE.note)] }));

  children.push(heading(SECTION_TITLES.requests));
  const [natural = '', ...orgs] = r.requests.columns;
  const total = orgs.pop() ?? '';
  children.push(
    table([
      [
        head('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', {
          span: 2,
          merge: 'start',
          left: true,
        }),
        head('申请人情况', { span: r.requests.columns.length }),
      ],
      [
        head('', { span: 2, merge: 'continue' }),
        head(natural, { merge: 'start' }),
        head('法人或其他组织', { span: orgs.length }),
        head(total, { merge: 'start' }),
      ],
      [
        head('', { span: 2, merge: 'continue' }),
        head('', { merge: 'continue' }),
        ...orgs.map((c) => head(c)),
        head('', { merge: 'continue' }),
      ],
      ...r.requests.rows.map((row) => [
        { text: row.group ?? '', left: true },
        { text: row.label, left: true },
        ...row.counts.map((n) => ({ text: String(n) })),
      ]),
    ]),
  );

  children.push(heading(SECTION_TITLES.remedies));
  const values = [
    ...remedyValues(r.remedies.review),
    ...remedyValues(r.remedies.litigationDirect),
    ...remedyValues(r.remedies.litigationAfterReview),
  ];
  const n = REMEDY_COLUMNS.length;
  children.push(
    table([
      [head('行政复议', { span: n, merge: 'start' }), head('行政诉讼', { span: 2 * n })],
      [
        head('', { span: n, merge: 'continue' }),
        head('未经复议直接起诉', { span: n }),
        head('复议后起诉', { span: n }),
      ],
      [...REMEDY_COLUMNS, ...REMEDY_COLUMNS, ...REMEDY_COLUMNS].map((c) => head(c)),
      values.map((v) => ({ text: String(v) })),
    ]),
  );

  children.push(heading(SECTION_TITLES.problems), ...body(reportParagraphs(r.narrative.problems)));
  children.push(
    heading(SECTION_TITLES.other),
    ...body([feeSentence(r), ...(r.narrative.other.trim() ? reportParagraphs(r.narrative.other) : [])]),
  );

  const doc = new Document({
    creator: r.agencyName,
    title: REPORT_TITLE(r),
    description: '政府信息公开工作年度报告',
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
