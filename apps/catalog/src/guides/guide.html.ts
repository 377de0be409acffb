import {
  chineseOrdinal,
  NOT_GIVEN,
  type Guide,
  type GuideField,
  type GuideLink,
  type GuideMaterialRow,
  type GuideSection,
} from './guide.model.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A link only to http(s) or to a path on this site; anything else renders as plain text. */
function link(text: string, href: string | undefined): string {
  if (href && (/^https?:\/\//i.test(href) || /^\/[^/]/.test(href)))
    return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  return escapeHtml(text);
}

const esc = escapeHtml;

function fieldsHtml(fields: GuideField[]): string {
  const rows = fields.map(
    (f) => `<tr><th scope="row">${esc(f.label)}</th><td>${link(f.value, f.href)}</td></tr>`,
  );
  return `<table class="fields"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.length === 0
    ? `<p class="none">${NOT_GIVEN}</p>`
    : paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
}

function fileLink(l: GuideLink | undefined): string[] {
  return l
    ? [
        `<span class="file">${esc(l.label)}：<a href="${esc(l.href)}" download="${esc(l.name)}">${esc(l.name)}</a></span>`,
      ]
    : [];
}

function materialNotes(r: GuideMaterialRow): string {
  const notes = [
    ...(r.exemption ? [`<span class="tag exempt">${esc(r.exemption)}</span>`] : []),
    ...(r.promise ? [`<span class="tag promise">${esc(r.promise)}</span>`] : []),
    ...(r.basis ? [`<span class="basis">填报依据：${esc(r.basis)}</span>`] : []),
    ...fileLink(r.blankForm),
    ...fileLink(r.example),
  ];
  return notes.length > 0 ? notes.join('<br>') : '—';
}

function materialsHtml(rows: GuideMaterialRow[]): string {
  if (rows.length === 0) return `<p class="none">无需提交材料</p>`;
  const body = rows.map((r) =>
    [
      `<tr class="${r.required ? 'required' : 'optional'}">`,
      `<td class="num">${r.no}</td>`,
      `<td>${esc(r.name)}</td>`,
      `<td>${esc(r.issuingBody)}</td>`,
      `<td>${esc(r.quantity)}</td>`,
      `<td class="c">${esc(r.necessity)}</td>`,
      `<td class="c">${esc(r.category)}</td>`,
      `<td>${r.acceptanceStandard ? esc(r.acceptanceStandard) : '—'}</td>`,
      `<td class="notes">${materialNotes(r)}</td>`,
      '</tr>',
    ].join(''),
  );
  return [
    '<table class="grid materials">',
    '<thead><tr><th class="num">序号</th><th>材料名称</th><th>出具机构</th><th>原件/复印件份数</th><th>必要性</th><th>材料类型</th><th>受理标准</th><th>免提交/告知承诺/表格下载</th></tr></thead>',
    `<tbody>\n${body.join('\n')}\n</tbody></table>`,
  ].join('\n');
}

function sectionBody(s: GuideSection): string {
  switch (s.kind) {
    case 'fields':
      return fieldsHtml(s.fields);
    case 'text':
      return paragraphsHtml(s.paragraphs);
    case 'materials':
      return materialsHtml(s.rows);
    case 'process': {
      const parts: string[] = [];
      if (s.description.length > 0)
        parts.push(`<ol class="flow">\n${s.description.map((d) => `<li>${esc(d)}</li>`).join('\n')}\n</ol>`);
      if (s.steps.length > 0) {
        const rows = s.steps.map(
          (st) =>
            `<tr><td class="num">${st.no}</td><td>${esc(st.name)}</td><td>${esc(st.department)}</td><td>${esc(st.limit)}</td><td>${st.note ? esc(st.note) : '—'}</td></tr>`,
        );
        parts.push(
          `<table class="grid steps"><thead><tr><th class="num">序号</th><th>办理环节</th><th>办理部门</th><th>环节时限</th><th>备注</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`,
        );
      }
      if (s.parallel) {
        const rows = s.parallel.departments.map(
          (d) => `<tr><td>${esc(d.role)}</td><td>${esc(d.name)}</td><td>${esc(d.limit)}</td></tr>`,
        );
        parts.push(`<h3>并联审批</h3>\n<p>${esc(s.parallel.kindName)}</p>`);
        parts.push(
          `<table class="grid parallel"><thead><tr><th>部门角色</th><th>部门名称</th><th>办理时限</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`,
        );
      }
      return parts.length > 0 ? parts.join('\n') : `<p class="none">${NOT_GIVEN}</p>`;
    }
    case 'fees': {
      if (s.free) return '<p><strong>不收费</strong></p>';
      const rows = s.rows.map(
        (f) =>
          `<tr><td>${esc(f.item)}</td><td>${esc(f.standard)}</td><td>${f.basis ? esc(f.basis) : '—'}</td><td class="c">${esc(f.waivable)}</td><td>${f.reductions ? esc(f.reductions) : '—'}</td></tr>`,
      );
      return `<table class="grid fees"><thead><tr><th>收费项目</th><th>收费标准</th><th>收费依据</th><th>是否允许减免</th><th>减免政策</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
    }
    case 'results': {
      const parts: string[] = [];
      if (s.resultName) parts.push(`<p>审批结果名称：${esc(s.resultName)}</p>`);
      if (s.rows.length > 0) {
        const rows = s.rows.map(
          (r) => `<tr><td class="num">${r.no}</td><td>${esc(r.name)}</td><td>${esc(r.validity)}</td></tr>`,
        );
        parts.push(
          `<table class="grid results"><thead><tr><th class="num">序号</th><th>证照名称</th><th>有效期</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`,
        );
      }
      parts.push(...fileLink(s.sample).map((l) => `<p>${l}</p>`));
      return parts.length > 0 ? parts.join('\n') : `<p class="none">${NOT_GIVEN}</p>`;
    }
    case 'intermediaries': {
      if (s.rows.length === 0) return '<p>无中介服务</p>';
      const rows = s.rows.map((r) => {
        const providers = r.providers.map(
          (p) => `${esc(p.name)}（${esc(p.uscc)}）${p.contact ? `：${esc(p.contact)}` : ''}`,
        );
        return `<tr><td class="num">${r.no}</td><td>${esc(r.name)}</td><td class="c">${esc(r.required)}</td><td>${esc(r.legalBasis)}</td><td>${providers.length > 0 ? providers.join('<br>') : '—'}</td></tr>`;
      });
      return `<table class="grid intermediaries"><thead><tr><th class="num">序号</th><th>中介服务名称</th><th>是否必须</th><th>设定依据</th><th>中介机构</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
    }
    case 'faq':
      if (s.items.length === 0) return `<p class="none">${NOT_GIVEN}</p>`;
      return `<dl class="faq">\n${s.items.map((f, i) => `<dt>${i + 1}. ${esc(f.q)}</dt><dd>${esc(f.a)}</dd>`).join('\n')}\n</dl>`;
  }
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328; font: 15px/1.7 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1080px; margin: 24px auto; padding: 32px 40px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { text-align: center; border-bottom: 2px solid #b91c1c; padding-bottom: 12px; margin-bottom: 8px; }
h1 { margin: 0; font-size: 26px; letter-spacing: 2px; }
h1 small { display: block; font-size: 18px; font-weight: normal; letter-spacing: 8px; color: #444; }
.meta { margin: 8px 0 0; color: #555; font-size: 13px; }
.meta span + span::before { content: "｜"; color: #aaa; margin: 0 6px; }
h2 { margin: 24px 0 8px; padding: 2px 0 2px 10px; border-left: 4px solid #b91c1c; font-size: 18px; }
h3 { margin: 12px 0 4px; font-size: 15px; }
p { margin: 4px 0; text-align: justify; }
.none { color: #777; }
table { width: 100%; border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #c9ced6; padding: 5px 8px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f1f3f6; white-space: nowrap; }
table.fields th { width: 11em; background: #f7f8fa; font-weight: 600; }
td.num, th.num { width: 3em; text-align: center; }
td.c { text-align: center; white-space: nowrap; }
tr.optional td { color: #444; }
.materials td.notes { font-size: 13px; min-width: 12em; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; }
.tag.exempt { background: #e6f4ea; color: #1e6b34; }
.tag.promise { background: #fff4e5; color: #8a4b00; }
.basis { color: #555; }
ol.flow { margin: 4px 0; padding-left: 2em; }
dl.faq dt { font-weight: 600; margin-top: 8px; }
dl.faq dd { margin: 2px 0 0 1.5em; }
footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid #ddd; color: #666; font-size: 12px; text-align: center; }
a { color: #1d4ed8; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; line-height: 1.5; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
  table.fields a[href^="http"]::after { content: "（" attr(href) "）"; font-size: 9pt; }
  thead { display: table-header-group; }
  tr, dt, dd { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  th, td { padding: 3px 5px; }
  .materials { font-size: 9pt; }
}
`;

/** The guide as a complete, printable zh-CN HTML page (inline CSS, no script). Every text is escaped. */
export function renderGuideHtml(guide: Guide): string {
  const sections = guide.sections.map(
    (s, i) =>
      `<section id="${esc(s.id)}">\n<h2>${chineseOrdinal(i + 1)}、${esc(s.title)}</h2>\n${sectionBody(s)}\n</section>`,
  );
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(guide.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${esc(guide.name)}<small>办事指南</small></h1>
<p class="meta"><span>实施主体：${esc(guide.implementingBody)}</span><span>实施编码：${esc(guide.implementationCode)}</span><span>${esc(guide.versionLabel)}</span><span>发布日期：${esc(guide.publishedDate)}</span></p>
</header>
${sections.join('\n')}
<footer>本办事指南由${esc(guide.implementingBody)}依据实施清单${esc(guide.versionLabel)}生成，发布日期${esc(guide.publishedDate)}。</footer>
</main>
</body>
</html>
`;
}
