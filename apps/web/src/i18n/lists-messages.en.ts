/** English strings for lists-messages.ts (loaded only when the user switches to English). */
import type { listsZhCN } from './lists-messages.js';

export const listsEnUS: Readonly<Record<keyof typeof listsZhCN, string>> = {
  'lists.openAlertsSplit': 'of which {red} for red cards and {anomaly} for anomalies',
  'lists.openAlertsSplitMatters':
    'of which {red} for cases’ red cards, {matters} for disclosure and enquiry red cards and {anomaly} for anomalies',
  'lists.riskAllZero':
    'From the durations of completed steps and each department’s queue, every open case is expected to finish within its promised limit, so every probability is 0%; expand a row to see why.',
  'lists.fileTooLarge':
    'The file “{name}” is {size} MB, over the {max} MB limit; compress or split it, then upload again',
  'lists.fileBadType': 'The file “{name}” is not a PDF, JPG or PNG; convert it, then upload again',
  'lists.fileEmpty': 'The file “{name}” is empty; choose another',
  'lists.filePick': 'Click or drag a file here to upload',
  'lists.fileLimits': 'PDF, JPG or PNG, at most {max} MB',
  'lists.missingTitle': 'Before you can submit:',
  'lists.missingRecipient': 'enter the recipient',
  'lists.missingPhone': 'enter a valid phone number',
  'lists.missingAddress': 'enter the postal address',
  'lists.addressFromProfile': 'Filled in from your account; you may change it',
  'lists.searchPlaceholder': 'Licence name, identifier or application number',
};
