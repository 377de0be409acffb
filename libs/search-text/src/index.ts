import { pinyin } from 'pinyin-pro';

/**
 * Chinese search keys shared by the services that let citizens search by pinyin (catalog 事项, disclosure 政府信息):
 * a text with its pinyin in full and as initials, and the normalisation of what was typed.
 */

/** Whether the text holds a CJK ideograph. */
export const hasHanzi = (text: string): boolean => /[\u3400-\u9fff]/.test(text);

/** The text with its pinyin in full (`shipinjingyingxuke`) and as initials (`spjyxk`), lower case, one line. */
export function pinyinSearchText(text: string): string {
  const full = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  const initials = pinyin(text, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  }).join('');
  return [text, full, initials].join(' ').toLowerCase().replace(/\s+/g, ' ');
}

/** Normalises a query: trimmed, lower case, inner spaces removed for pinyin input ("shi pin" → "shipin"). */
export function normaliseQuery(q: string): string {
  const trimmed = q.trim().toLowerCase();
  return isPinyinQuery(trimmed) ? trimmed.replace(/\s+/g, '') : trimmed;
}

/** Whether a (normalised or raw) query is Latin letters only: pinyin in full or initials. */
export const isPinyinQuery = (q: string): boolean => /^[a-z\s]+$/i.test(q.trim()) && q.trim() !== '';

/**
 * The keys a word is met by (all normalised like a query): the word itself and, for a Chinese word, its pinyin in
 * full and as initials (`营业执照` → `yingyezhizhao`, `yyzz`).
 */
export function pinyinKeys(word: string): string[] {
  const key = normaliseQuery(word);
  const [, full, initials] = pinyinSearchText(key.replace(/\s+/g, '')).split(' ');
  return [...new Set([key, ...(hasHanzi(key) && full && initials ? [full, initials] : [])])];
}
