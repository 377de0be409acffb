import { describe, expect, it, jest } from '@jest/globals';
import type * as Fs from 'node:fs';

// A machine without fonts: every path under the system font folders reads as absent for the whole module graph
// (the font lookup in @hall/pdf included), so each document kind must come out with the packaged font.
// The same file passes under `../shared/tools/without-system-fonts`, where the folders are really empty.
const SYSTEM_FONT_DIRS = ['/usr/share/fonts/', '/usr/local/share/fonts/'];
const hidden = (p: unknown) => SYSTEM_FONT_DIRS.some((d) => String(p).startsWith(d));
const realFs = await import('node:fs');
const existsSync = (p: Fs.PathLike) => !hidden(p) && realFs.existsSync(p);
jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, existsSync }, existsSync }));

const { inspectPdf, loadCjkFont, KNOWN_CJK_FONTS } = await import('@hall/pdf');
const { buildGuide } = await import('../../apps/catalog/src/guides/guide.model.js');
const { renderGuidePdf } = await import('../../apps/catalog/src/guides/guide.pdf.js');
const { foodLicenceSnapshot } = await import('../../apps/catalog/src/guides/testing/snapshot.fixture.js');
const { renderNoticePdf } = await import('../../apps/intake/src/notices/notice.pdf.js');
const { renderLicencePdf } = await import('../../apps/licence/src/render/licence-pdf.js');
const { sampleLicence } = await import('../../apps/licence/src/render/testing/sample-licence.js');

const PACKAGED = /\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/;

function expectPackagedFont(pdf: Buffer) {
  const doc = inspectPdf(pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(doc.raw).toMatch(PACKAGED);
  expect(doc.raw).toMatch(/\/FontFile2 \d+ 0 R/); // the glyphs are embedded
  expect(doc.raw).not.toContain('WenQuanYi');
  return doc.pages.join('\n').replace(/\n/g, '');
}

describe('PDFs on a machine without system fonts', () => {
  it('sees no system font and resolves the packaged one', () => {
    expect(KNOWN_CJK_FONTS.every((c) => !existsSync(c.path))).toBe(true);
    expect(loadCjkFont({ env: {} })).toMatchObject({
      postscriptName: 'NotoSansSC-Regular',
      family: undefined,
    });
  });

  it('renders a service guide (办事指南) with extractable Chinese text', async () => {
    const text = expectPackagedFont(await renderGuidePdf(buildGuide(foodLicenceSnapshot()), { env: {} }));
    for (const s of ['食品经营许可', '办 事 指 南', '四、申请材料', '杭州市西湖区卫生健康局', '第 1 页 共'])
      expect(text).toContain(s);
  });

  it('renders a notice (受理通知书) with extractable Chinese text', async () => {
    const text = expectPackagedFont(
      await renderNoticePdf({
        title: '受理通知书',
        number: '西市监受〔2026〕第0001号',
        addressee: '杭州西湖示范科技有限公司：',
        paragraphs: ['你单位提交的食品经营许可申请，材料齐全，符合法定形式，决定予以受理。'],
        items: ['营业执照复印件'],
        issuer: '杭州市西湖区市场监督管理局',
        issuedAt: '2026-11-22T02:00:00Z',
        footer: '申请编号 2026112200001',
      }),
    );
    for (const s of [
      '受理通知书',
      '西市监受〔2026〕第0001号',
      '材料齐全，符合法定形式',
      '营业执照复印件',
      '杭州市西湖区市场监督管理局',
    ])
      expect(text).toContain(s);
  });

  it('renders a licence (电子证照) with extractable Chinese text', async () => {
    const pdf = await renderLicencePdf(sampleLicence(), { qrText: 'https://hall.example/verify?p=test' });
    const text = expectPackagedFont(pdf);
    for (const s of [
      '食 品 经 营 许 可 证',
      '杭州西湖示范科技有限公司',
      '经营场所',
      '杭州市西湖区文三路100号',
    ])
      expect(text).toContain(s);
  });
});
