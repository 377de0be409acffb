import type { KeyArea } from '@hall/contracts';
import { pinyinSearchText } from '@hall/search-text';
import { KEY_AREA_NAMES } from '../agencies/agencies.js';

/**
 * What a pinyin keyword of the public search is matched against (`disclosure_item.search_text`, substring): the
 * title, the 主题分类 and the key area's name, each with its pinyin in full and as initials, lower case
 * (`财政预决算` → `caizhengyujuesuan`, `czyjs`). Chinese keywords are matched against the title and body as typed.
 */
export function itemSearchText(item: { title: string; topic: string; keyArea: string | null }): string {
  const area = item.keyArea === null ? undefined : KEY_AREA_NAMES[item.keyArea as KeyArea];
  return [item.title, item.topic, ...(area ? [area] : [])].map(pinyinSearchText).join(' ');
}
