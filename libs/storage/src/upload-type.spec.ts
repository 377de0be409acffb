import { describe, expect, it } from '@jest/globals';
import { samplePdf, samplePng } from './sample-files.fixture.js';
import { canonicalMime, checkUploadType, detectType, type DetectedType } from './upload-type.js';

const PDF: DetectedType = { ext: 'pdf', mime: 'application/pdf' };
const JPG: DetectedType = { ext: 'jpg', mime: 'image/jpeg' };
const allowedTypes = ['application/pdf', 'image/jpeg', 'image/png'];

describe('detectType', () => {
  it('recognises PDF and PNG from their first bytes, and nothing from text or empty input', async () => {
    expect(await detectType(samplePdf())).toEqual(PDF);
    expect(await detectType(samplePng())).toEqual({ ext: 'png', mime: 'image/png' });
    expect(await detectType(Buffer.from('PDF? no, just text'))).toBeUndefined();
    expect(await detectType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('checkUploadType', () => {
  it('accepts consistent claims, including aliases and parameters', () => {
    expect(
      checkUploadType({
        declaredName: 'a.pdf',
        declaredContentType: 'application/pdf',
        detected: PDF,
        allowedTypes,
      }),
    ).toBe(PDF);
    expect(
      checkUploadType({
        declaredName: 'a.JPEG',
        declaredContentType: 'image/jpg',
        detected: JPG,
        allowedTypes,
      }),
    ).toBe(JPG);
    expect(
      checkUploadType({
        declaredName: 'a.pdf',
        declaredContentType: 'application/pdf; charset=binary',
        detected: PDF,
        allowedTypes,
      }),
    ).toBe(PDF);
  });

  it('ignores claims that magic bytes cannot judge', () => {
    expect(
      checkUploadType({
        declaredName: 'scan',
        declaredContentType: 'application/octet-stream',
        detected: PDF,
        allowedTypes,
      }),
    ).toBe(PDF);
    expect(checkUploadType({ declaredName: 'scan.ofd', detected: PDF, allowedTypes })).toBe(PDF);
  });

  it('reports a contradicting extension or Content-Type as UPLOAD_TYPE_MISMATCH', () => {
    expect(() => checkUploadType({ declaredName: 'a.pdf', detected: undefined, allowedTypes })).toThrow(
      expect.objectContaining({
        code: 'UPLOAD_TYPE_MISMATCH',
        status: 415,
        details: { field: 'file', declared: 'pdf', detected: null },
      }),
    );
    expect(() => checkUploadType({ declaredName: 'a.png', detected: PDF, allowedTypes })).toThrow(
      expect.objectContaining({ details: { field: 'file', declared: 'png', detected: 'pdf' } }),
    );
    expect(() =>
      checkUploadType({ declaredName: 'a', declaredContentType: 'image/jpeg', detected: PDF, allowedTypes }),
    ).toThrow(
      expect.objectContaining({
        code: 'UPLOAD_TYPE_MISMATCH',
        details: { field: 'file', declared: 'image/jpeg', detected: 'application/pdf' },
      }),
    );
  });

  it('reports undetectable or unlisted types as UPLOAD_TYPE_NOT_ALLOWED', () => {
    expect(() => checkUploadType({ declaredName: 'notes.txt', detected: undefined, allowedTypes })).toThrow(
      expect.objectContaining({
        code: 'UPLOAD_TYPE_NOT_ALLOWED',
        status: 415,
        details: expect.objectContaining({ detected: null }),
      }),
    );
    expect(() =>
      checkUploadType({ declaredName: 'a.jpg', detected: JPG, allowedTypes: ['application/pdf'] }),
    ).toThrow(
      expect.objectContaining({
        code: 'UPLOAD_TYPE_NOT_ALLOWED',
        details: { field: 'file', detected: 'image/jpeg', allowed: ['application/pdf'] },
      }),
    );
  });

  it('canonicalMime folds case, parameters and aliases', () => {
    expect(canonicalMime(' Image/JPG ; q=1')).toBe('image/jpeg');
    expect(canonicalMime('application/x-pdf')).toBe('application/pdf');
  });
});
