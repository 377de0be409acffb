import { describe, expect, it } from '@jest/globals';
import { InMemorySynonyms } from '../testing/in-memory-synonyms.js';
import { AddSynonym } from './add-synonym.js';
import { ChangeSynonym } from './change-synonym.js';

describe('ChangeSynonym', () => {
  it('replaces the expansions and records who changed them', async () => {
    const port = new InMemorySynonyms();
    await new AddSynonym(port).execute('a', { alias: '身份证', expansions: ['居民身份证'] });
    const view = await new ChangeSynonym(port).execute('b', '身份证', {
      expansions: ['居民身份证', '户口'],
    });
    expect(view).toMatchObject({ alias: '身份证', expansions: ['居民身份证', '户口'], updatedBy: 'b' });
  });

  it('is 404 for an alias without a synonym and creates none', async () => {
    const port = new InMemorySynonyms();
    await expect(
      new ChangeSynonym(port).execute('a', '不存在', { expansions: ['某事项'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(port.rows.size).toBe(0);
  });

  it('refuses an expansion equal to the alias and keeps the old ones', async () => {
    const port = new InMemorySynonyms();
    await new AddSynonym(port).execute('a', { alias: '社保', expansions: ['社会保障卡'] });
    await expect(
      new ChangeSynonym(port).execute('b', '社保', { expansions: ['社保'] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'expansions.0' } });
    expect(port.rows.get('社保')).toMatchObject({ expansions: ['社会保障卡'], updatedBy: 'a' });
  });
});
