import { describe, expect, it } from '@jest/globals';
import { generateSm2KeyPair, sm2KeyId, sm2Sign } from '../signing/sm2.js';
import { verifyQrPayloadOffline } from '../verify/offline-verifier.js';
import { encodeQrPayload, qrText } from '../signing/qr-payload.js';
import { loadCjkFont, renderPdf } from '@hall/pdf';
import { heightOf, leftText, renderLicencePdf } from './licence-pdf.js';
import { decodeQr, hasPoppler, inkStats, pdfText, renderPage } from './testing/poppler.js';
import { SAMPLE_ISSUER_USCC, sampleLicence } from './testing/sample-licence.js';

let fontProblem = '';
try {
  loadCjkFont();
} catch (e) {
  fontProblem = (e as Error).message;
}
const required = process.env.CI === 'true' || process.env.REQUIRE_CJK_FONT === '1';
const usable = (!fontProblem && hasPoppler) || required;
if (!usable)
  console.warn(`skipping licence PDF tests: ${fontProblem || 'pdftoppm (poppler-utils) not installed'}`);
const describePdf = usable ? describe : describe.skip;

const ISSUER_USCC = SAMPLE_ISSUER_USCC;
const key = generateSm2KeyPair();
const kid = sm2KeyId(key.publicKey);
const keys = [
  {
    kid,
    issuerUscc: ISSUER_USCC,
    issuerName: '杭州市西湖区市场监督管理局',
    publicKey: key.publicKey,
    status: 'active',
  },
];

const licence = sampleLicence({
  fields: [
    { label: '经营场所', value: '杭州市西湖区文三路100号' },
    { label: '主体业态', value: '餐饮服务经营者' },
    { label: '经营项目', value: '热食类食品制售、冷食类食品制售' },
  ],
  keyId: kid,
});
const payload = encodeQrPayload(
  {
    i: licence.identifier,
    n: licence.name,
    h: '杭州********公司',
    c: '9133**********Q168',
    f: '2026-11-22',
    u: '2031-11-21',
    k: kid,
  },
  (m) => sm2Sign(m, key),
);
const text = qrText('http://localhost:3000/verify', payload);
const QR_RECT = { x: 62, y: 614, w: 134, h: 134 };

describePdf('licence PDF', () => {
  it('renders page 1 with Chinese text, the seal and a QR code that verifies offline', async () => {
    const pdf = await renderLicencePdf(licence, { qrText: text });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const page = renderPage(pdf, 1);
    const ink = inkStats(page);
    expect(ink.nonWhite / ink.total).toBeGreaterThan(0.02); // not blank
    expect(ink.red).toBeGreaterThan(2000); // the red seal and frame
    const first = (pdfText(pdf)[0] ?? '').replace(/\s/g, '');
    for (const s of [
      '食品经营许可证',
      '杭州西湖示范科技有限公司',
      '统一社会信用代码',
      '经营场所',
      '2026年11月22日至2031年11月21日',
      '发证机关：杭州市西湖区市场监督管理局',
      licence.identifier,
    ]) {
      expect(first).toContain(s.replace(/\s/g, ''));
    }
    const decoded = decodeQr(page, QR_RECT);
    expect(decoded).toBe(text);
    expect(verifyQrPayloadOffline(decoded ?? '', keys, new Date('2027-01-01T00:00:00Z'))).toMatchObject({
      valid: true,
      genuine: true,
      claims: { i: licence.identifier },
    });
  });

  it('is deterministic for the same licence', async () => {
    const a = await renderLicencePdf(licence, { qrText: text });
    const b = await renderLicencePdf(licence, { qrText: text });
    expect(a.equals(b)).toBe(true);
  });

  it('keeps a ten-field licence (食品经营许可证) on one page, the jurisdiction code in the footer', async () => {
    const jy = {
      ...licence,
      fields: [
        { label: '经营者名称', value: '杭州西湖示范科技有限公司' },
        { label: '统一社会信用代码', value: '91330106MA27U8Q168' },
        { label: '法定代表人（负责人）', value: '张三' },
        { label: '住所', value: '浙江省杭州市西湖区文三路100号西湖科技大厦12层1201室' },
        { label: '经营场所', value: '浙江省杭州市西湖区文三路100号西湖科技大厦1层101室、102室及2层全部' },
        { label: '主体业态', value: '餐饮服务经营者（中型餐馆）' },
        {
          label: '经营项目',
          value:
            '热食类食品制售、冷食类食品制售、生食类食品制售、糕点类食品制售（含裱花蛋糕）、自制饮品制售（不含自酿酒）',
        },
        { label: '许可证编号', value: 'JY23301060000001' },
        { label: '有效期', value: '2026年11月22日至2031年11月21日' },
        { label: '日常监督管理机构', value: '杭州市西湖区市场监督管理局文新市场监督管理所' },
      ],
    };
    const pages = pdfText(await renderLicencePdf(jy, { qrText: text }));
    expect(pages).toHaveLength(1);
    const flat = (pages[0] ?? '').replace(/\s/g, '');
    for (const f of jy.fields) expect(flat).toContain(f.value.replace(/\s/g, ''));
    expect(flat).toContain('管辖区域代码330106');
  });

  it('prints a 公民身份号码 masked unless the template requires it, a 统一社会信用代码 in full', async () => {
    const person = {
      ...licence,
      holderKind: 'person',
      holderName: '张三',
      holderIdType: 'ID_CARD',
      holderIdNumber: '330102199003071230',
    };
    const masked = (pdfText(await renderLicencePdf(person, { qrText: text }))[0] ?? '').replace(/\s/g, '');
    expect(masked).toContain('330102********1230');
    expect(masked).not.toContain('330102199003071230');
    const full = (
      pdfText(await renderLicencePdf(person, { qrText: text, printFullHolderId: true }))[0] ?? ''
    ).replace(/\s/g, '');
    expect(full).toContain('330102199003071230');
    const business = (pdfText(await renderLicencePdf(licence, { qrText: text }))[0] ?? '').replace(/\s/g, '');
    expect(business).toContain('91330106MA27U8Q168');
  });

  it('continues on further pages and watermarks every page of a shared copy', async () => {
    const many = {
      ...licence,
      fields: Array.from({ length: 24 }, (_, i) => ({
        label: `许可项目${i + 1}`,
        value: `项目内容${i + 1}`,
      })),
    };
    const watermark = '仅供办理政务服务事项时使用，有效期至2026年12月31日';
    const pdf = await renderLicencePdf(many, { qrText: text, watermark });
    const pages = pdfText(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(p.replace(/\s/g, '')).toContain(watermark);
    expect(pages.join('')).toContain('许可项目24');
  });

  it('lays a left-aligned text out with the same bytes and heights as the line wrapper, one line or several', async () => {
    const texts = [
      '杭州市西湖区文三路100号',
      '预包装食品销售（含冷藏冷冻食品），散装食品销售（不含冷藏冷冻食品）',
      'AVAVAVAVTo.WaAVAVAVAVTo.WaAVAVAVAVTo.WaAVAVAVAVTo.Wa',
      '值 with spaces',
      '',
      '—',
    ];
    const info = { CreationDate: new Date(0), ModDate: new Date(0) };
    for (const width of [80, 114, 200, 379]) {
      for (const size of [9, 11, 12]) {
        const heights: Record<string, number[]> = { ours: [], wrapper: [] };
        const draw = (ours: boolean) =>
          renderPdf({ document: { size: 'A4', margin: 0, info } }, (doc) => {
            doc.fontSize(size);
            let y = 100;
            for (const text of texts) {
              heights[ours ? 'ours' : 'wrapper']?.push(
                ours ? heightOf(doc, text, width) : doc.heightOfString(text, { width }),
              );
              if (ours) leftText(doc, text, 70, y, width);
              else doc.text(text, 70, y, { width });
              y += 40;
            }
            doc.text('after', { width });
          });
        const [ours, wrapper] = await Promise.all([draw(true), draw(false)]);
        expect(ours.equals(wrapper)).toBe(true);
        expect(heights['ours']).toEqual(heights['wrapper']);
      }
    }
  });
});
