import type { EnquirySuggestion, ImplementationSnapshot } from '@hall/contracts';
import { hasHanzi, normaliseQuery, pinyinSearchText } from '@hall/search-text';

/**
 * 问前推荐: how a draft question is matched against the answers the hall already has (the guide's 常见问题, materials,
 * fees and time limits of an item, and published enquiry answers), in Chinese and in pinyin.
 *
 * A Chinese question has no spaces, so it is cut into two-character terms (bigrams) after removing the words every
 * question has (请问, 怎么, 需要, 吗…); a candidate scores one point per term it contains. Latin words are taken as
 * pinyin (full or initials) and met in the candidate's pinyin text (`libs/search-text`, as the catalog's search).
 */

/** Words of asking, not of the matter: they split the question and never count as a match. */
const FILLERS = [
  '请问',
  '你好',
  '您好',
  '怎么',
  '怎样',
  '如何',
  '什么',
  '哪里',
  '哪些',
  '是否',
  '可以',
  '需要',
  '我们',
  '我想',
  '我要',
  '一下',
  '办理',
  '问题',
  '咨询',
  '多少',
  '多久',
  '时候',
];
const FILLER_CHARS = /[吗呢吧啊的了我你请么]/g;

export interface DraftTerms {
  /** Two-character Chinese terms. */
  readonly bigrams: readonly string[];
  /** Latin words (pinyin in full or initials), normalised. */
  readonly pinyin: readonly string[];
}

/** The terms of a draft question. */
export function draftTerms(q: string): DraftTerms {
  let text = q.toLowerCase();
  for (const f of FILLERS) text = text.split(f).join(' ');
  text = text.replace(FILLER_CHARS, ' ');
  const bigrams = new Set<string>();
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
    if (run.length === 1) continue;
    for (let i = 0; i + 1 < run.length; i++) bigrams.add(run.slice(i, i + 2));
  }
  const pinyin = new Set<string>();
  for (const word of text.match(/[a-z]{2,}/g) ?? []) pinyin.add(normaliseQuery(word));
  return { bigrams: [...bigrams], pinyin: [...pinyin] };
}

export const termCount = (t: DraftTerms): number => t.bigrams.length + t.pinyin.length * 2;

/** How well a candidate text answers the terms: one point per bigram it holds, two per pinyin word. */
export function scoreText(terms: DraftTerms, text: string): number {
  let score = 0;
  for (const b of terms.bigrams) if (text.includes(b)) score += 1;
  if (terms.pinyin.length > 0) {
    const py = hasHanzi(text) ? pinyinSearchText(text) : text.toLowerCase();
    for (const w of terms.pinyin) if (py.includes(w)) score += 2;
  }
  return score;
}

/** The least score that counts as a match: two terms, or every term of a short question. */
export const minScore = (terms: DraftTerms): number => Math.min(2, termCount(terms));

/** What the draft asks about besides the matter itself: materials, fees, time limits (Chinese or pinyin). */
export function intentsOf(q: string): Set<'materials' | 'fees' | 'time-limit'> {
  const s = q.toLowerCase().replace(/\s+/g, '');
  const out = new Set<'materials' | 'fees' | 'time-limit'>();
  if (/材料|资料|证件|带什么|准备什么|提交什么|提供什么|cailiao|ziliao/.test(s)) out.add('materials');
  if (/收费|费用|多少钱|要钱|免费|交费|缴费|花钱|shoufei|feiyong/.test(s)) out.add('fees');
  if (/多久|几天|多长时间|时限|期限|多少天|工作日|办结|shixian|duojiu/.test(s)) out.add('time-limit');
  return out;
}

/** A suggestion with its score, before ranking. */
export interface Scored {
  readonly score: number;
  readonly item: EnquirySuggestion;
}

/**
 * The guide answers of one item for a draft: FAQs that match and, with `sections` (the item the asker started from,
 * or else the best matching one), its materials, fees and time limits when the draft asks about them. `chosen`: the
 * item the asker started from (its answers come first).
 */
export function guideSuggestions(
  snapshot: ImplementationSnapshot,
  draft: DraftTerms,
  intents: ReadonlySet<string>,
  chosen: boolean,
  sections: boolean,
): Scored[] {
  // Within an item's own FAQs its name says nothing: "食品经营许可证的有效期" is matched by 有效期, not by 食品经营.
  const name = snapshot.baseItem.name;
  const terms: DraftTerms = { ...draft, bigrams: draft.bigrams.filter((b) => !name.includes(b)) };
  const base = {
    implementationCode: snapshot.implementationCode,
    itemName: snapshot.baseItem.name,
    enquiryNo: null,
  };
  const boost = chosen ? 3 : 0;
  const bar = Math.max(1, minScore(terms));
  const out: Scored[] = [];
  for (const faq of snapshot.service.faqs) {
    const score = scoreText(terms, `${faq.q}\n${faq.a}`);
    if (score >= bar)
      out.push({ score: score + boost, item: { ...base, source: 'faq', title: faq.q, text: faq.a } });
  }
  const sectionScore = 2 + boost;
  if (!sections) return out;
  if (intents.has('materials') && snapshot.materials.length > 0)
    out.push({
      score: sectionScore,
      item: {
        ...base,
        source: 'materials',
        title: snapshot.baseItem.name,
        text: snapshot.materials
          .map((m, i) => {
            const counts = [
              m.originals > 0 ? `原件${m.originals}份` : '',
              m.copies > 0 ? `复印件${m.copies}份` : '',
              m.required ? '' : '非必要',
            ].filter(Boolean);
            return `${i + 1}. ${m.name}${counts.length > 0 ? `（${counts.join('，')}）` : ''}`;
          })
          .join('\n'),
      },
    });
  if (intents.has('fees'))
    out.push({
      score: sectionScore,
      item: {
        ...base,
        source: 'fees',
        title: snapshot.baseItem.name,
        text:
          snapshot.fees.length === 0
            ? '本事项不收费。'
            : snapshot.fees.map((f) => `${f.item}：${f.standard}`).join('\n'),
      },
    });
  if (intents.has('time-limit'))
    out.push({
      score: sectionScore,
      item: {
        ...base,
        source: 'time-limit',
        title: snapshot.baseItem.name,
        text: `法定办结时限：${snapshot.legalLimitDays}个工作日；承诺办结时限：${snapshot.promisedLimitDays}个工作日。`,
      },
    });
  return out;
}

/** The best suggestions, at most `max`, best first; the same text from two places is shown once. */
export function rank(scored: readonly Scored[], max: number): EnquirySuggestion[] {
  const seen = new Set<string>();
  const out: EnquirySuggestion[] = [];
  for (const s of [...scored].sort((a, b) => b.score - a.score)) {
    const key = `${s.item.source}|${s.item.title}|${s.item.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s.item);
    if (out.length === max) break;
  }
  return out;
}

/** The region and the regions above it (county → city → province): the items a citizen of the region may use. */
export function regionAndAbove(code: string): string[] {
  const out = [code];
  if (!code.endsWith('00')) out.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 2)}0000`);
  return out;
}
