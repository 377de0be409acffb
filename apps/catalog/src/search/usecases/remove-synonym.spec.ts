import { describe, expect, it } from '@jest/globals';
import { InMemorySynonyms } from '../testing/in-memory-synonyms.js';
import { AddSynonym } from './add-synonym.js';
import { RemoveSynonym } from './remove-synonym.js';

describe('RemoveSynonym', () => {
  it('removes the synonym of an alias given in any case', async () => {
    const port = new InMemorySynonyms();
    await new AddSynonym(port).execute('a', { alias: 'shebao', expansions: ['社会保障卡'] });
    await new RemoveSynonym(port).execute('a', 'SheBao');
    expect(port.rows.size).toBe(0);
  });

  it('is 404 for an alias without a synonym', async () => {
    await expect(new RemoveSynonym(new InMemorySynonyms()).execute('a', '社保')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });
});
