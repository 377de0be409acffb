import { chinaCalendar } from '@hall/calendar';
import { ruleInputOf } from '../../src/cases/case.projection.js';
import type { RuleInput } from '../../src/cases/projection/case-state.js';
import { DEFAULT_SETTINGS, type SupervisionSettings } from '../../src/config/supervision.settings.js';
import type { CaseHistory } from './case-history.factory.js';

/** What the anomaly rules see for `history` read at `now` (the production fold and clocks, no database). */
export function ruleInputFor(
  history: CaseHistory,
  now: string,
  settings: SupervisionSettings = DEFAULT_SETTINGS,
): RuleInput {
  const events = history.events.map((e) => ({
    eventId: e.id,
    type: e.type,
    occurredAt: new Date(e.occurredAt),
    payload: e.payload,
  }));
  const input = ruleInputOf(history.no, events, { calendar: chinaCalendar, now: new Date(now), settings });
  if (input === null) throw new Error('the history has no event carrying the case identity');
  return input;
}
