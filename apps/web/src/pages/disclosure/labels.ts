/** zh-CN labels of the disclosure codes (五公开 category, key area, kind, status) as message keys. */
import type { ItemStatus, KeyArea, OpenCategory } from '../../api/disclosure.api.js';
import type { MessageKey } from '../../i18n/messages.js';

export const categoryKey = (c: OpenCategory): MessageKey => `dis.cat.${c}`;
export const areaKey = (a: KeyArea | null): MessageKey => (a === null ? 'dis.area.none' : `dis.area.${a}`);
export const kindKey = (k: 'general' | 'policy' | 'interpretation'): MessageKey => `dis.kind.${k}`;
export const statusKey = (s: ItemStatus): MessageKey => `dis.status.${s}`;
