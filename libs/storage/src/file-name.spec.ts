import { describe, expect, it } from '@jest/globals';
import { contentDisposition, extensionOf, sanitizeFileName } from './file-name.js';

describe('sanitizeFileName', () => {
  it.each([
    ['营业执照.pdf', '营业执照.pdf'],
    ['C:\\Users\\张三\\身份证 正面.JPG', '身份证 正面.JPG'],
    ['../../etc/passwd', 'passwd'],
    ['..', 'file'],
    ['', 'file'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['report.pdf.', 'report.pdf'],
    ['a\u0000b\r\nc.pdf', 'abc.pdf'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['a<b>:"c|?*.pdf', 'a_b___c___.pdf'],
    ['  spaced   out  .png ', 'spaced out .png'],
    ['cafe\u0301.pdf', 'café.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('caps the length at 200 characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'长'.repeat(500)}.pdf`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('extensionOf', () => {
  it.each([
    ['a.PDF', 'pdf'],
    ['archive.tar.gz', 'gz'],
    ['noext', undefined],
    ['.bashrc', undefined],
    ['trailing.', undefined],
    ['weird.p d f', undefined],
  ])('%j → %j', (input, expected) => {
    expect(extensionOf(input)).toBe(expected);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', '许可证 (副本).pdf')).toBe(
      `attachment; filename="___ (__).pdf"; filename*=UTF-8''%E8%AE%B8%E5%8F%AF%E8%AF%81%20%28%E5%89%AF%E6%9C%AC%29.pdf`,
    );
    expect(contentDisposition('inline', 'a"b.pdf')).toBe(
      `inline; filename="a_b.pdf"; filename*=UTF-8''a_b.pdf`,
    );
  });
});
