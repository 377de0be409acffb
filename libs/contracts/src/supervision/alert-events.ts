import { z } from 'zod';
import { ScopeRegionCode } from '../shared/catalog-codes.js';
import { defineEvent } from '../event-contract.js';
import { Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { CalendarReplaced } from './calendar-events.js';

/** Kind of a supervision record (预警类型): a yellow or red card on a clock, or an anomaly rule that fired. */
export const WarningType = z.enum(['yellow-card', 'red-card', 'anomaly']);
export type WarningType = z.infer<typeof WarningType>;

export const AlertRaisedPayload = z.object({
  alertId: z.uuid(),
  supervisionNo: z.string().min(1).describe('督办编号'),
  applicationNo: z.string().min(1).describe('办件编号'),
  subject: z.string().min(1).describe('What the alert is about: `case`, `acceptance` or `task:<taskId>`'),
  ruleNo: z.string().min(1).describe('规则编号'),
  warningType: WarningType,
  level: z.enum(['yellow', 'red']),
  content: z.string().min(1).describe('督办内容'),
  responsibleDepartment: z.string().min(1).describe('责任部门'),
  regionCode: ScopeRegionCode,
  raisedAt: Timestamp,
});
export type AlertRaisedPayload = z.infer<typeof AlertRaisedPayload>;

export const AlertClearedPayload = z.object({
  alertId: z.uuid(),
  supervisionNo: z.string().min(1),
  applicationNo: z.string().min(1),
  ruleNo: z.string().min(1),
  clearedAt: Timestamp,
  reason: z.string().max(500).describe('e.g. finished in time, upgraded to red, condition no longer holds'),
});
export type AlertClearedPayload = z.infer<typeof AlertClearedPayload>;

export const AlertRaised = defineEvent({
  type: 'supervision.alert.raised',
  version: 1,
  topic: Topics.supervisionAlert,
  payload: AlertRaisedPayload,
  key: (p) => p.applicationNo,
  description: 'A yellow/red card or an anomaly was raised on a case (督办 record opened).',
});

export const AlertCleared = defineEvent({
  type: 'supervision.alert.cleared',
  version: 1,
  topic: Topics.supervisionAlert,
  payload: AlertClearedPayload,
  key: (p) => p.applicationNo,
  description: 'The condition of an alert no longer holds (finished in time, upgraded, corrected history).',
});

export const SUPERVISION_EVENTS = [AlertRaised, AlertCleared, CalendarReplaced] as const;
