/** English strings for network-depth-messages.ts (loaded only when the user switches to English). */
import type { networkDepthZhCN } from './network-depth-messages.js';

export const networkDepthEnUS: Readonly<Record<keyof typeof networkDepthZhCN, string>> = {
  'nd.handover': 'Agency handover',
  'nd.handoverFromTo': '{from} → {to}',
  'nd.wait': 'Received to handed over: {days} working days ({hours} working hours)',
  'nd.accept': 'Handed over to accepted: {days} working days ({hours} working hours)',
  'nd.notAccepted': 'Not yet accepted by the window',
  'nd.byPoint': 'Handover time by agency point',
  'nd.point': 'Agency point',
  'nd.handedOver': 'Handed over',
  'nd.avgHours': 'Average (working hours)',
  'nd.maxHours': 'Longest (working hours)',
  'nd.noHandover': 'No application was handed over by an agency point',
};
