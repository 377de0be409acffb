import { describe, expect, it } from '@jest/globals';
import { AppError } from '@hall/platform';
import { InMemorySynonyms } from '../testing/in-memory-synonyms.js';
import { AddSynonym } from './add-synonym.js';

describe('AddSynonym', () => {
  it('stores the alias normalised, the expansions once each, and the pinyin keys', async () => {
    const port = new InMemorySynonyms();
    const view = await new AddSynonym(port).execute('catalog.admin', {
      alias: ' 营业执照 ',
      expansions: ['企业设立登记', ' 个体工商户登记', '企业设立登记'],
    });
    expect(view).toEqual({
      alias: '营业执照',
      expansions: ['企业设立登记', '个体工商户登记'],
      updatedBy: 'catalog.admin',
      updatedAt: '2026-12-05T08:00:00.000Z',
    });
    expect(port.rows.get('营业执照')?.keys).toEqual(['营业执照', 'yingyezhizhao', 'yyzz']);
  });

  it('refuses an alias that already has a synonym (409 SYNONYM_EXISTS), whatever its case and spacing', async () => {
    const port = new InMemorySynonyms();
    const add = new AddSynonym(port);
    await add.execute('a', { alias: 'She Bao', expansions: ['社会保障卡'] });
    const err = await add
      .execute('b', { alias: 'shebao', expansions: ['养老保险'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'SYNONYM_EXISTS', status: 409, details: { field: 'alias' } });
    expect(port.rows.get('shebao')?.expansions).toEqual(['社会保障卡']);
  });

  it('refuses an expansion equal to the alias, naming it, and stores nothing', async () => {
    const port = new InMemorySynonyms();
    const err = await new AddSynonym(port)
      .execute('a', { alias: '社保', expansions: ['社会保险', ' 社保 '] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, details: { field: 'expansions.1' } });
    expect(port.rows.size).toBe(0);
  });
});
