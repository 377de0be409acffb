import { draftTerms, intentsOf, minScore, regionAndAbove, scoreText } from './enquiry-suggestions.js';

describe('问前推荐 matching', () => {
  it('cuts a Chinese question into bigrams without the words every question has', () => {
    expect(draftTerms('请问餐饮店开办需要健康证吗？')).toEqual({
      bigrams: ['餐饮', '饮店', '店开', '开办', '健康', '康证'],
      pinyin: [],
    });
    expect(draftTerms('Jiankangzheng 怎么办').pinyin).toEqual(['jiankangzheng']);
  });

  it('scores a candidate by the terms it holds, pinyin words twice', () => {
    const terms = draftTerms('健康证 tijian');
    expect(scoreText(terms, '从业人员应当取得健康证明并体检')).toBe(2 + 2);
    expect(scoreText(terms, '营业执照')).toBe(0);
    expect(minScore(terms)).toBe(2);
    expect(minScore(draftTerms('护照'))).toBe(1);
  });

  it('tells what a question asks about besides the matter', () => {
    expect([...intentsOf('要准备什么材料，多久能办好，收费吗')].sort()).toEqual([
      'fees',
      'materials',
      'time-limit',
    ]);
    expect([...intentsOf('cailiao')]).toEqual(['materials']);
    expect(intentsOf('健康证明在哪里办').size).toBe(0);
  });

  it('lists a region and the regions above it', () => {
    expect(regionAndAbove('330106')).toEqual(['330106', '330100', '330000']);
    expect(regionAndAbove('330100')).toEqual(['330100', '330000']);
    expect(regionAndAbove('330000')).toEqual(['330000']);
  });
});
