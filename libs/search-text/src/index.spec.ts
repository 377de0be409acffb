import { isPinyinQuery, normaliseQuery, pinyinKeys, pinyinSearchText } from './index.js';

describe('search-text', () => {
  it('adds the full pinyin and the initials, lower case, digits kept together', () => {
    expect(pinyinSearchText('2026年财政预决算')).toBe(
      '2026年财政预决算 2026niancaizhengyujuesuan 2026nczyjs',
    );
    expect(pinyinSearchText('食品经营许可')).toBe('食品经营许可 shipinjingyingxuke spjyxk');
  });

  it('normalises pinyin input (spaces dropped) but keeps Chinese as typed', () => {
    expect(normaliseQuery('  Cai Zheng ')).toBe('caizheng');
    expect(normaliseQuery(' 财政 预算 ')).toBe('财政 预算');
    expect(isPinyinQuery('czyjs')).toBe(true);
    expect(isPinyinQuery('财政')).toBe(false);
    expect(isPinyinQuery('  ')).toBe(false);
  });

  it('keys of a word: itself and, when Chinese, its pinyin in full and as initials', () => {
    expect(pinyinKeys('营业执照')).toEqual(['营业执照', 'yingyezhizhao', 'yyzz']);
    expect(pinyinKeys('SheBao')).toEqual(['shebao']);
  });
});
