import { describe, expect, it } from '@jest/globals';
import { escapeHtml, renderGuideHtml } from './guide.html.js';
import { buildGuide, chineseOrdinal } from './guide.model.js';
import { foodLicenceSnapshot } from './testing/snapshot.fixture.js';

const XSS = '<script>alert("x")</script>';

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(XSS)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`a & b's "c" <d>`)).toBe('a &amp; b&#39;s &quot;c&quot; &lt;d&gt;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml('食品经营许可')).toBe('食品经营许可');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('chineseOrdinal', () => {
  it('numbers sections the Chinese way', () => {
    expect([1, 4, 10, 11, 20, 23].map(chineseOrdinal)).toEqual(['一', '四', '十', '十一', '二十', '二十三']);
  });
});

describe('renderGuideHtml', () => {
  const html = renderGuideHtml(buildGuide(foodLicenceSnapshot()));

  it('is a complete printable zh-CN page', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>食品经营许可 办事指南</title>');
    expect(html).toContain('@media print');
    expect(html).toContain('@page { size: A4;');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
  });

  it('shows every section, numbered', () => {
    for (const heading of [
      '一、基本信息',
      '二、设定依据',
      '三、受理条件',
      '四、申请材料',
      '五、办理流程',
      '六、收费标准',
      '七、办理结果',
      '八、中介服务',
      '九、办理地点和时间',
      '十、咨询与投诉',
      '十一、常见问题',
    ]) {
      expect(html).toContain(`${heading}</h2>`);
    }
    expect(html).toContain('发布日期：2026年11月22日');
    expect(html).toContain('第3版');
  });

  it('renders the guide content', () => {
    expect(html).toContain('<th scope="row">法定办结时限</th><td>20个工作日</td>');
    expect(html).toContain('<td class="c">非必要</td><td class="c">辅助</td>');
    expect(html).toContain('<td>长期</td>');
    expect(html).toContain('<strong>不收费</strong>');
    expect(html).toContain('<td>牵头部门</td><td>杭州市西湖区市场监督管理局</td><td>5个工作日</td>');
    expect(html).toContain('<td>协办部门</td><td>杭州市西湖区消防救援大队</td><td>4个工作日</td>');
    expect(html).toContain(
      `href="/api/catalog/files/forms/000117005000/${encodeURIComponent('食品经营许可申请书.docx')}"`,
    );
    expect(html).toContain(
      '<a href="https://www.zjzwfw.gov.cn/zjservice/item/detail/index.do?localInnerCode=000117005000">',
    );
  });

  it('escapes every text coming from the snapshot', () => {
    const s = foodLicenceSnapshot({ resultName: XSS, acceptanceConditions: `${XSS}\n第二段 & "引号"` });
    s.baseItem = { ...s.baseItem, name: XSS, legalBasis: XSS };
    s.implementingBody = { ...s.implementingBody, name: XSS };
    s.materials = s.materials.map((m) => ({
      ...m,
      name: XSS,
      issuingBody: XSS,
      acceptanceStandard: XSS,
      basis: XSS,
    }));
    s.processTemplate = { ...s.processTemplate, lead: { ...s.processTemplate.lead, name: XSS } };
    s.process = [XSS];
    s.results = s.results.map((r) => ({ ...r, name: XSS }));
    s.fees = [{ item: XSS, standard: XSS, basis: XSS, waivable: false, reductions: XSS }];
    s.service = { ...s.service, place: XSS, hours: XSS, consultPhone: XSS, faqs: [{ q: XSS, a: XSS }] };
    const page = renderGuideHtml(buildGuide(s));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 办事指南</title>');
    expect(page).toContain('<p>第二段 &amp; &quot;引号&quot;</p>');
    expect(page.split('&lt;script&gt;').length - 1).toBeGreaterThan(20);
  });

  it('never links a script URL', () => {
    const s = foodLicenceSnapshot();
    s.service = { ...s.service, onlineUrl: 'javascript:alert(1)' };
    const page = renderGuideHtml(buildGuide(s));
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain('<th scope="row">网上办理地址</th><td>javascript:alert(1)</td>');
  });
});
