import { renderPdf, type CjkFontOptions } from '@hall/pdf';
import {
  chineseOrdinal,
  NOT_GIVEN,
  type Guide,
  type GuideField,
  type GuideMaterialRow,
  type GuideSection,
} from './guide.model.js';

/**
 * The service guide as a fixed-layout A4 PDF: CJK font embedded (subset), our own line breaking so
 * wrapping and page breaks are the same on every machine, tables that wrap cells, repeat their header
 * and split a row too tall for a page, "第 x 页 共 y 页" on every page. Output is byte-for-byte
 * deterministic for a guide and a font file (dates come from the publish instant).
 */

const PAGE = { width: 595.28, height: 841.89 } as const; // A4 in points
const MARGIN = { left: 50, right: 50, top: 56, bottom: 62 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const GAP = '\u3000'; // ideographic space

const COLOR = {
  text: '#1f2328',
  muted: '#5b6270',
  accent: '#b91c1c',
  rule: '#9aa1ad',
  headerFill: '#eef0f3',
  labelFill: '#f6f7f9',
  link: '#1d4ed8',
};
const BODY_SIZE = 10.5;
const TABLE_SIZE = 8.5;
const LEADING = 1.5; // line height as a multiple of the font size
const CELL_PAD = 4;

/** Characters that must not start a line (行首禁则) and that must not end one (行尾禁则). */
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕〉”’％…—·,.;:!?)]}%']);
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{']);
/** A Latin word, number, URL or e-mail stays together; every other character is its own break unit. */
const TOKEN = /[A-Za-z0-9@#$%&*+\-_/=~.,:;!?'"()[\]{}<>|\\^`]+|\s+|[^]/gu;

export interface GuidePdfOptions extends CjkFontOptions {
  /** Producer/creator names written to the document info. */
  creator?: string;
}

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center';
}

interface TableStyle {
  size: number;
  header: boolean;
  /** Fill of the first column (field lists). */
  labelColumn?: boolean;
  /** Per row: a URL the last cell links to. */
  links?: readonly (string | undefined)[];
}

class Layout {
  y = MARGIN.top;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  lineHeight(size: number): number {
    return size * LEADING;
  }

  /** Breaks text into lines no wider than `width` at `size` (explicit newlines kept). */
  wrap(text: string, width: number, size: number): string[] {
    this.doc.fontSize(size);
    const out: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      let lineWidth = 0;
      const push = () => {
        out.push(line.trimEnd());
        line = '';
        lineWidth = 0;
      };
      for (const token of paragraph.match(TOKEN) ?? []) {
        const blank = /^\s+$/.test(token);
        if (blank && line === '') continue;
        const w = this.doc.widthOfString(token);
        if (lineWidth + w <= width + 0.01) {
          line += token;
          lineWidth += w;
          continue;
        }
        if (blank) {
          push();
          continue;
        }
        if (line !== '') {
          // Keep closing punctuation off the next line's start and opening punctuation off this line's end.
          const chars = [...line];
          let carry = '';
          if (NO_LINE_START.has(token.charAt(0)) && chars.length > 1) carry = chars.pop() ?? '';
          while (chars.length > 1 && NO_LINE_END.has(chars[chars.length - 1] ?? ''))
            carry = (chars.pop() ?? '') + carry;
          line = chars.join('');
          push();
          line = carry;
          lineWidth = carry ? this.doc.widthOfString(carry) : 0;
        }
        if (lineWidth + w <= width + 0.01) {
          line += token;
          lineWidth += w;
          continue;
        }
        // A word longer than the line: break it by characters.
        for (const ch of token) {
          const cw = this.doc.widthOfString(ch);
          if (lineWidth + cw > width + 0.01 && line !== '') push();
          line += ch;
          lineWidth += cw;
        }
      }
      if (line !== '' || out.length === 0 || paragraph === '') push();
    }
    return out;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  remaining(): number {
    return BOTTOM - this.y;
  }

  /** Starts a new page unless `height` fits on this one. */
  ensure(height: number): void {
    if (height > this.remaining() && this.y > MARGIN.top) this.newPage();
  }

  /** Draws one line at (x, y) without PDFKit's own wrapping or paging. */
  put(
    text: string,
    x: number,
    y: number,
    size: number,
    color: string = COLOR.text,
    extra: PDFKit.Mixins.TextOptions = {},
  ): void {
    this.doc
      .fontSize(size)
      .fillColor(color)
      .text(text, x, y, { lineBreak: false, ...extra });
  }

  /** Faux bold (fill + thin stroke): the embedded CJK font has one weight. */
  bold(
    text: string,
    x: number,
    y: number,
    size: number,
    color: string = COLOR.text,
    extra: PDFKit.Mixins.TextOptions = {},
  ): void {
    this.doc
      .save()
      .lineWidth(size / 30)
      .strokeColor(color);
    this.put(text, x, y, size, color, { fill: true, stroke: true, ...extra });
    this.doc.restore();
  }

  paragraph(
    text: string,
    opts: { size?: number; indent?: number; hanging?: string; color?: string; link?: string } = {},
  ): void {
    const size = opts.size ?? BODY_SIZE;
    const lh = this.lineHeight(size);
    const indent = opts.indent ?? 0;
    this.doc.fontSize(size);
    const hangWidth = opts.hanging ? this.doc.widthOfString(opts.hanging) : 0;
    const lines = this.wrap(text, CONTENT_WIDTH - indent - hangWidth, size);
    lines.forEach((line, i) => {
      this.ensure(lh);
      if (i === 0 && opts.hanging) this.put(opts.hanging, MARGIN.left + indent, this.y, size, opts.color);
      this.put(
        line,
        MARGIN.left + indent + hangWidth,
        this.y,
        size,
        opts.color,
        opts.link ? { link: opts.link } : {},
      );
      this.y += lh;
    });
  }

  /** A section heading kept on one page with at least `keep` points of what follows. */
  heading(index: number, title: string, keep: number): void {
    const size = 13;
    const h = this.lineHeight(size);
    this.ensure(h + 8 + keep);
    if (this.y > MARGIN.top) this.y += 8;
    this.doc.rect(MARGIN.left, this.y + 3, 3.5, h - 6).fill(COLOR.accent);
    this.bold(`${chineseOrdinal(index)}、${title}`, MARGIN.left + 10, this.y + (h - size) / 2 - 1, size);
    this.y += h + 2;
  }

  subheading(title: string): void {
    const lh = this.lineHeight(BODY_SIZE);
    this.ensure(lh * 3);
    this.y += 2;
    this.bold(title, MARGIN.left, this.y, BODY_SIZE);
    this.y += lh;
  }

  /**
   * A bordered table. Cells wrap; the header repeats on every page; a row that does not fit moves to the
   * next page, and a row taller than a page is split between pages line by line.
   */
  table(columns: Column[], rows: string[][], style: TableStyle): void {
    const { size } = style;
    const lh = this.lineHeight(size);
    const wrapRow = (cells: string[]) =>
      columns.map((c, i) => this.wrap(cells[i] ?? '', c.width - 2 * CELL_PAD, size));
    const header = style.header ? wrapRow(columns.map((c) => c.title)) : undefined;
    const heightOf = (cells: string[][]) => Math.max(1, ...cells.map((l) => l.length)) * lh + 2 * CELL_PAD;
    const headerHeight = header ? heightOf(header) : 0;

    const drawRow = (cells: string[][], kind: 'header' | 'body', link?: string) => {
      const h = heightOf(cells);
      let x = MARGIN.left;
      columns.forEach((col, i) => {
        const fill =
          kind === 'header' ? COLOR.headerFill : i === 0 && style.labelColumn ? COLOR.labelFill : undefined;
        if (fill) this.doc.rect(x, this.y, col.width, h).fill(fill);
        this.doc.lineWidth(0.5).strokeColor(COLOR.rule).rect(x, this.y, col.width, h).stroke();
        const lines = cells[i] ?? [];
        // Header cells are centred vertically; body cells start at the top.
        const dy = kind === 'header' ? (h - 2 * CELL_PAD - lines.length * lh) / 2 : 0;
        lines.forEach((line, j) => {
          const ty = this.y + CELL_PAD + dy + j * lh + (lh - size) / 2 - 0.5;
          const align = kind === 'header' ? 'center' : col.align;
          const tx =
            align === 'center'
              ? x + (col.width - this.doc.fontSize(size).widthOfString(line)) / 2
              : x + CELL_PAD;
          if (kind === 'header' || (style.labelColumn && i === 0)) this.bold(line, tx, ty, size);
          else if (link && i === columns.length - 1)
            this.put(line, tx, ty, size, COLOR.link, { link, underline: true });
          else this.put(line, tx, ty, size);
        });
        x += col.width;
      });
      this.y += h;
    };
    const startPage = () => {
      this.newPage();
      if (header) drawRow(header, 'header');
    };

    // The header never stands alone at a page's end.
    const first = rows[0] ? heightOf(wrapRow(rows[0])) : 0;
    this.ensure(headerHeight + Math.min(first, 3 * lh + 2 * CELL_PAD));
    if (header) drawRow(header, 'header');

    rows.forEach((row, r) => {
      const link = style.links?.[r];
      let cells = wrapRow(row);
      for (;;) {
        const h = heightOf(cells);
        if (h <= this.remaining()) {
          drawRow(cells, 'body', link);
          break;
        }
        const pageRoom = BOTTOM - MARGIN.top - headerHeight;
        const fitLines = Math.floor((this.remaining() - 2 * CELL_PAD) / lh);
        if (h <= pageRoom || fitLines < 2) {
          startPage();
          if (h <= pageRoom) continue;
        }
        // Too tall for any page: fill this page and carry the rest of every cell over.
        const n = Math.floor((this.remaining() - 2 * CELL_PAD) / lh);
        drawRow(
          cells.map((l) => l.slice(0, n)),
          'body',
          link,
        );
        cells = cells.map((l) => l.slice(n));
        startPage();
      }
    });
    this.y += 6;
  }
}

function fieldsTable(layout: Layout, fields: GuideField[]): void {
  const label = 110;
  layout.table(
    [
      { title: '项目', width: label },
      { title: '内容', width: CONTENT_WIDTH - label },
    ],
    fields.map((f) => [f.label, f.value]),
    { size: 9.5, header: false, labelColumn: true, links: fields.map((f) => f.href) },
  );
}

function materialNotes(r: GuideMaterialRow): string {
  return (
    [
      r.exemption,
      r.promise,
      r.basis ? `填报依据：${r.basis}` : '',
      r.blankForm ? `${r.blankForm.label}：${r.blankForm.name}` : '',
      r.example ? `${r.example.label}：${r.example.name}` : '',
    ]
      .filter((s) => s !== '')
      .join('\n') || '—'
  );
}

const MATERIAL_COLUMNS: Column[] = (() => {
  const fixed: Column[] = [
    { title: '序号', width: 26, align: 'center' },
    { title: '材料名称', width: 94 },
    { title: '出具机构', width: 60 },
    { title: '原件/复印件\n份数', width: 56 },
    { title: '必要性', width: 36, align: 'center' },
    { title: '材料\n类型', width: 34, align: 'center' },
    { title: '受理标准', width: 0 },
    { title: '免提交/告知承诺\n/表格', width: 84 },
  ];
  const used = fixed.reduce((sum, c) => sum + c.width, 0);
  return fixed.map((c) => (c.width === 0 ? { ...c, width: CONTENT_WIDTH - used } : c));
})();

function section(layout: Layout, s: GuideSection): void {
  switch (s.kind) {
    case 'fields':
      fieldsTable(layout, s.fields);
      return;
    case 'text':
      if (s.paragraphs.length === 0) layout.paragraph(NOT_GIVEN, { color: COLOR.muted });
      for (const p of s.paragraphs) layout.paragraph(p);
      layout.y += 4;
      return;
    case 'materials':
      if (s.rows.length === 0) {
        layout.paragraph('无需提交材料');
        return;
      }
      layout.table(
        MATERIAL_COLUMNS,
        s.rows.map((r) => [
          String(r.no),
          r.name,
          r.issuingBody,
          r.quantity,
          r.necessity,
          r.category,
          r.acceptanceStandard || '—',
          materialNotes(r),
        ]),
        { size: TABLE_SIZE, header: true },
      );
      return;
    case 'process':
      s.description.forEach((d, i) => layout.paragraph(d, { hanging: `${i + 1}. ` }));
      if (s.steps.length > 0) {
        layout.y += 4;
        layout.table(
          [
            { title: '序号', width: 30, align: 'center' },
            { title: '办理环节', width: 90 },
            { title: '办理部门', width: 150 },
            { title: '环节时限', width: 75, align: 'center' },
            { title: '备注', width: CONTENT_WIDTH - 345 },
          ],
          s.steps.map((st) => [String(st.no), st.name, st.department, st.limit, st.note || '—']),
          { size: 9, header: true },
        );
      }
      if (s.parallel) {
        layout.subheading('并联审批');
        layout.paragraph(s.parallel.kindName);
        layout.y += 2;
        layout.table(
          [
            { title: '部门角色', width: 80, align: 'center' },
            { title: '部门名称', width: CONTENT_WIDTH - 180 },
            { title: '办理时限', width: 100, align: 'center' },
          ],
          s.parallel.departments.map((d) => [d.role, d.name, d.limit]),
          { size: 9, header: true },
        );
      }
      if (s.description.length === 0 && s.steps.length === 0 && !s.parallel)
        layout.paragraph(NOT_GIVEN, { color: COLOR.muted });
      return;
    case 'fees':
      if (s.free) {
        layout.paragraph('不收费');
        layout.y += 4;
        return;
      }
      layout.table(
        [
          { title: '收费项目', width: 90 },
          { title: '收费标准', width: 120 },
          { title: '收费依据', width: CONTENT_WIDTH - 400 },
          { title: '是否允许\n减免', width: 50, align: 'center' },
          { title: '减免政策', width: 140 },
        ],
        s.rows.map((f) => [f.item, f.standard, f.basis || '—', f.waivable, f.reductions || '—']),
        { size: 9, header: true },
      );
      return;
    case 'results':
      if (s.resultName) layout.paragraph(`审批结果名称：${s.resultName}`);
      if (s.rows.length > 0) {
        layout.y += 2;
        layout.table(
          [
            { title: '序号', width: 30, align: 'center' },
            { title: '证照名称', width: CONTENT_WIDTH - 130 },
            { title: '有效期', width: 100, align: 'center' },
          ],
          s.rows.map((r) => [String(r.no), r.name, r.validity]),
          { size: 9, header: true },
        );
      } else if (!s.resultName) layout.paragraph(NOT_GIVEN, { color: COLOR.muted });
      if (s.sample) layout.paragraph(`${s.sample.label}：${s.sample.name}`);
      return;
    case 'intermediaries':
      if (s.rows.length === 0) {
        layout.paragraph('无中介服务');
        layout.y += 4;
        return;
      }
      layout.table(
        [
          { title: '序号', width: 30, align: 'center' },
          { title: '中介服务名称', width: 100 },
          { title: '是否\n必须', width: 36, align: 'center' },
          { title: '设定依据', width: 150 },
          { title: '中介机构', width: CONTENT_WIDTH - 316 },
        ],
        s.rows.map((r) => [
          String(r.no),
          r.name,
          r.required,
          r.legalBasis,
          r.providers.map((p) => `${p.name}（${p.uscc}）${p.contact ? `：${p.contact}` : ''}`).join('\n') ||
            '—',
        ]),
        { size: 9, header: true },
      );
      return;
    case 'faq':
      if (s.items.length === 0) layout.paragraph(NOT_GIVEN, { color: COLOR.muted });
      s.items.forEach((f, i) => {
        layout.ensure(3 * layout.lineHeight(BODY_SIZE));
        const lines = layout.wrap(`问${i + 1}：${f.q}`, CONTENT_WIDTH, BODY_SIZE);
        for (const line of lines) {
          layout.ensure(layout.lineHeight(BODY_SIZE));
          layout.bold(line, MARGIN.left, layout.y, BODY_SIZE);
          layout.y += layout.lineHeight(BODY_SIZE);
        }
        layout.paragraph(f.a, { hanging: '答：', color: COLOR.text });
        layout.y += 3;
      });
      return;
  }
}

/** How much of a section must fit under its heading: two lines of text, or a table's header and first row. */
function keepWithHeading(s: GuideSection): number {
  const twoLines = 2 * BODY_SIZE * LEADING;
  switch (s.kind) {
    case 'fields':
      return Math.min(72, s.fields.length * (9.5 * LEADING + 2 * CELL_PAD));
    case 'text':
    case 'faq':
      return twoLines;
    case 'fees':
      return s.free ? twoLines : 72;
    case 'intermediaries':
      return s.rows.length === 0 ? twoLines : 72;
    default:
      return 72;
  }
}

function titleBlock(layout: Layout, guide: Guide): void {
  const { doc } = layout;
  const center = (text: string, size: number, color: string, bold = false) => {
    for (const line of layout.wrap(text, CONTENT_WIDTH, size)) {
      const x = MARGIN.left + (CONTENT_WIDTH - doc.fontSize(size).widthOfString(line)) / 2;
      if (bold) layout.bold(line, x, layout.y, size, color);
      else layout.put(line, x, layout.y, size, color);
      layout.y += layout.lineHeight(size) * (bold ? 0.9 : 1);
    }
  };
  center(guide.name, 20, COLOR.text, true);
  center('办 事 指 南', 14, COLOR.text);
  center(
    `实施主体：${guide.implementingBody}${GAP}${GAP}实施编码：${guide.implementationCode}`,
    8.5,
    COLOR.muted,
  );
  center(`${guide.versionLabel}${GAP}${GAP}发布日期：${guide.publishedDate}`, 8.5, COLOR.muted);
  layout.y += 2;
  doc
    .lineWidth(1.5)
    .strokeColor(COLOR.accent)
    .moveTo(MARGIN.left, layout.y)
    .lineTo(PAGE.width - MARGIN.right, layout.y)
    .stroke();
  layout.y += 6;
}

/** Running header (from page 2) and "第 x 页 共 y 页" footer on every buffered page. */
function pageFurniture(layout: Layout, guide: Guide): void {
  const { doc } = layout;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i += 1) {
    doc.switchToPage(i);
    const size = 8;
    if (i > range.start) {
      layout.put(guide.title, MARGIN.left, 30, size, COLOR.muted);
      const right = `${guide.versionLabel}${GAP}${guide.publishedDate}`;
      layout.put(
        right,
        PAGE.width - MARGIN.right - doc.fontSize(size).widthOfString(right),
        30,
        size,
        COLOR.muted,
      );
      doc
        .lineWidth(0.5)
        .strokeColor(COLOR.rule)
        .moveTo(MARGIN.left, 44)
        .lineTo(PAGE.width - MARGIN.right, 44)
        .stroke();
    }
    const footer = `第 ${i - range.start + 1} 页 共 ${total} 页`;
    const fy = PAGE.height - 36;
    layout.put(footer, (PAGE.width - doc.fontSize(9).widthOfString(footer)) / 2, fy, 9, COLOR.muted);
  }
}

/** Renders the guide as an A4 PDF with an embedded CJK font (see `@hall/pdf` for where it comes from). */
export async function renderGuidePdf(guide: Guide, opts: GuidePdfOptions = {}): Promise<Buffer> {
  const published = new Date(guide.publishedAt);
  const document: PDFKit.PDFDocumentOptions = {
    size: 'A4',
    margins: { top: MARGIN.top, bottom: 0, left: MARGIN.left, right: MARGIN.right },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: guide.title,
      Author: guide.implementingBody,
      Subject: `${guide.name} 办事指南（实施编码 ${guide.implementationCode}，${guide.versionLabel}）`,
      Keywords: `办事指南 ${guide.name} ${guide.implementationCode}`,
      Creator: opts.creator ?? '一网通办 事项目录',
      CreationDate: published,
      ModDate: published,
    },
  };
  return renderPdf({ document, font: opts }, (doc) => {
    const layout = new Layout(doc);
    titleBlock(layout, guide);
    guide.sections.forEach((s, i) => {
      layout.heading(i + 1, s.title, keepWithHeading(s));
      section(layout, s);
    });
    pageFurniture(layout, guide);
  });
}
