import {
  Actor,
  ApplicationHandedOver,
  type CaseTimeline,
  type CaseTimelineEntry,
  type TimelineActor,
} from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { caseCoveredBy, isStaff } from '../access/scope.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisionStore } from '../supervision.store.js';
import { isProvisional, readClock, StoredPauses } from '../clocks/clock.js';
import { anomalyView, applicantCaseView, caseView, clockView, iso, taskView } from '../views.js';
import { EVENT_LABELS } from './event-labels.js';

const ActorOnly = Actor.partial().loose();

/** The step's label; a 代办 handover names the point and the window (`…：A → B`). */
function labelOf(type: string, payload: unknown): string {
  const label = EVENT_LABELS[type] ?? type;
  if (type !== ApplicationHandedOver.type) return label;
  const p = ApplicationHandedOver.payload.safeParse(payload);
  return p.success ? `${label}：${p.data.from.name} → ${p.data.to.name}` : label;
}

function actorOf(payload: unknown): TimelineActor | null {
  if (typeof payload !== 'object' || payload === null || !('actor' in payload)) return null;
  const parsed = ActorOnly.safeParse(payload.actor);
  return parsed.success
    ? {
        userId: parsed.data.userId,
        name: parsed.data.name,
        role: parsed.data.role,
        department: parsed.data.department,
      }
    : null;
}

/** Reading one case: the full supervision view for staff of its region, a reduced one for its own applicant. */
export class CasesService {
  constructor(
    private readonly store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
  ) {}

  async timeline(user: CurrentUser, applicationNo: string): Promise<CaseTimeline> {
    const p = this.store.prisma;
    const caseRow = await p.supervisedCase.findUnique({ where: { applicationNo } });
    const staff =
      isStaff(user) && user.region !== undefined && caseRow !== null && caseCoveredBy(user.region, caseRow);
    const owner = user.roles.includes('applicant') && caseRow !== null && caseRow.applicantUserId === user.id;
    // Out of scope looks exactly like unknown: case numbers of others are not disclosed.
    if (caseRow === null || (!staff && !owner)) throw AppError.notFound('case', applicationNo);
    const calendar = this.calendar.current();
    const now = this.clock.now();
    // 暂定: a deadline counted into a year without the official holiday arrangement (see GET /calendar).
    const caseProvisional = isProvisional(
      calendar,
      caseRow.acceptedAt,
      caseRow.promisedDueAt,
      caseRow.legalDueAt,
    );
    const entries = await p.timelineEntry.findMany({
      where: { caseNo: applicationNo },
      orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
    });
    const timeline = entries.map((e): CaseTimelineEntry => {
      const actor = actorOf(e.payload);
      return {
        eventId: e.eventId,
        type: e.type,
        label: labelOf(e.type, e.payload),
        occurredAt: iso(e.occurredAt),
        actor: staff ? actor : actor !== null ? { name: actor.name, role: actor.role } : null,
        ...(staff && { source: e.source, traceId: e.traceId, payload: e.payload }),
      };
    });
    if (!staff) {
      return {
        applicationNo,
        view: 'applicant' as const,
        case: applicantCaseView(caseRow, caseProvisional),
        entries: timeline,
      };
    }
    const [tasks, clocks, anomalies] = await Promise.all([
      p.caseTask.findMany({ where: { applicationNo }, orderBy: [{ startedAt: 'asc' }, { taskId: 'asc' }] }),
      p.caseClock.findMany({ where: { applicationNo }, orderBy: { subject: 'asc' } }),
      p.anomaly.findMany({ where: { applicationNo }, orderBy: { id: 'asc' } }),
    ]);
    // Open clocks are read at request time (stored readings are as of the last projection or evaluation).
    const live = clocks.map((c) => {
      const read = c.open
        ? {
            ...c,
            ...readClock(
              {
                startedAt: c.startedAt,
                limitDays: c.limitDays,
                stoppedAt: null,
                pauses: StoredPauses.parse(c.pauses),
              },
              now,
              calendar,
              this.settings,
            ),
          }
        : c;
      return clockView(read, isProvisional(calendar, read.startedAt, read.dueAt, read.stoppedAt ?? now));
    });
    const taskViews = tasks.map((t) =>
      taskView(t, isProvisional(calendar, t.startedAt, t.dueAt, t.completedAt ?? now)),
    );
    return {
      applicationNo,
      view: 'supervisor',
      readAt: iso(now),
      case: caseView(caseRow, caseProvisional),
      tasks: taskViews,
      clocks: live,
      anomalies: anomalies.map(anomalyView),
      entries: timeline,
    };
  }
}
