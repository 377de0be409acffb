/** English strings for disclosure-guide-messages.ts (loaded only when the user switches to English). */
import type { disclosureGuideZhCN } from './disclosure-guide-messages.js';

export const disclosureGuideEnUS: Readonly<Record<keyof typeof disclosureGuideZhCN, string>> = {
  'title.disclosureGuide': 'Disclosure guide',
  'disg.title': 'Government information disclosure guide of {agency}',
  'disg.editedOn': 'Edited on {date}',
  'disg.catalogue': 'Disclosure catalogue of {agency}',
  'disg.guideLink': 'Disclosure guide',
  'disg.guides': 'Disclosure guides',
  'disg.proactive': '1. Proactive disclosure',
  'disg.scheme': 'Classification and numbering',
  'disg.schemeText':
    'Proactively disclosed information is classified in five categories (decision, execution, management, service, result); each item has a unique index number "{pattern}", e.g. {example}.',
  'disg.categoryCol': 'Category',
  'disg.codeCol': 'Code',
  'disg.scopeCol': 'Main contents',
  'disg.columns': 'Key-area columns',
  'disg.topics': 'Themes',
  'disg.access': 'How to obtain it',
  'disg.request': '2. Disclosure on request',
  'disg.office': 'Office',
  'disg.officeName': 'Name',
  'disg.address': 'Address',
  'disg.postcode': 'Postcode',
  'disg.hours': 'Hours',
  'disg.phone': 'Phone',
  'disg.email': 'E-mail',
  'disg.channels': 'How to file',
  'disg.channel.online': 'Online',
  'disg.channel.in-person': 'In person',
  'disg.channel.post': 'By post',
  'disg.contents': 'What a request states',
  'disg.deadline': 'Time limit',
  'disg.deadlineText':
    'Answered on the spot when possible, otherwise within {answer} working days of receipt; one extension of at most {extension} working days with the approval of the office head and notice to the applicant. Time for corrections or third-party consultation is not counted.',
  'disg.fee': 'Fees',
  'disg.noFee': 'No fee is charged.',
  'disg.remedies': '3. Remedies',
  'disg.remediesText':
    'Whoever considers that the disclosure work infringed their rights may apply to {body} for administrative review within {days} days of learning of the act, or sue in a people’s court within {months} months.',
  'disg.complaint': 'Complaints may also be made to {body}.',
  'disg.back': 'Back to open government',
};
