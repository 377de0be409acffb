/** English strings for web23-messages.ts (loaded only when the user switches to English). */
import type { web23ZhCN } from './web23-messages.js';

export const web23EnUS: Readonly<Record<keyof typeof web23ZhCN, string>> = {
  'contrast.switch': 'High contrast',
  'contrast.label': 'High contrast: black on white, dark borders, clear focus outlines, underlined links',
};
