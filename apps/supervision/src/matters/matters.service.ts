import {
  Actor,
  CardLevel,
  MatterKind,
  MatterPause,
  MatterStatus,
  MatterSubKind,
  type MatterListQuery,
  type MatterPage,
  type MatterSummary,
  type MatterSummaryRow,
  type MatterTimeline,
  type SupervisedMatter,
  type TimelineActor,
} from '@hall/contracts';
import type { Clock, WorkingCalendar } from '@hall/calendar';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { CalendarService } from '../calendar/calendar.service.js';
import { isProvisional, readClock, StoredPauses } from '../clocks/clock.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisedMatter as MatterRecord } from '../generated/prisma/client.js';
import type { SupervisionStore } from '../supervision.store.js';
import { iso, isoOrNull } from '../views.js';
import { MATTER_EVENT_LABELS } from './matter-labels.js';
import { touchedWorkingDays } from './matter.projection.js';
import { findMatter, matterEntries, matterPage, mattersForSummary } from './matter.repository.js';

const MatterPauses = z.array(MatterPause);
const ActorOnly = Actor.partial().loose();
const PauseOf = z.object({ pause: z.object({ startedAt: z.string(), endedAt: z.string().nullable() }) });

/** Pause-ending events: their entry shows the working days the pause touched. */
const PAUSE_ENDS: ReadonlySet<string> = new Set([
  'disclosure.request.corrected',
  'disclosure.request.consultation-ended',
  'disclosure.request.fee-paid',
]);

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

/** Reading supervised requests and enquiries, within the caller's region. */
export class MattersService {
  constructor(
    private readonly store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
  ) {}

  async list(regionPrefix: string, q: z.output<typeof MatterListQuery>): Promise<MatterPage> {
    const now = this.clock.now();
    const calendar = this.calendar.current();
    const { total, rows } = await matterPage(this.store.prisma, regionPrefix, q, q.page, q.pageSize);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      readAt: iso(now),
      items: rows.map((r) => this.view(r, calendar, now)),
    };
  }

  async summary(regionPrefix: string): Promise<MatterSummary> {
    const now = this.clock.now();
    const calendar = this.calendar.current();
    const rows = await mattersForSummary(this.store.prisma, regionPrefix);
    const groups = new Map<string, MatterSummaryRow>();
    for (const m of rows) {
      const kind = MatterKind.parse(m.kind);
      const subKind = MatterSubKind.parse(m.subKind);
      const key = `${m.departmentCode ?? ''}|${kind}|${subKind}`;
      const g = groups.get(key) ?? {
        departmentCode: m.departmentCode,
        kind,
        subKind,
        total: 0,
        open: 0,
        paused: 0,
        yellow: 0,
        red: 0,
        answered: 0,
        answeredOnTime: 0,
      };
      groups.set(key, g);
      const level = m.open
        ? readClock(
            {
              startedAt: m.startedAt,
              limitDays: m.limitDays,
              stoppedAt: null,
              pauses: StoredPauses.parse(m.clockPauses),
            },
            now,
            calendar,
            this.settings,
          ).level
        : CardLevel.parse(m.level);
      g.total += 1;
      if (m.open) g.open += 1;
      if (m.open && m.pausedSince !== null) g.paused += 1;
      if (m.open && level === 'yellow') g.yellow += 1;
      if (level === 'red') g.red += 1;
      // A withdrawn request was never answered; a withdrawn 主动公开 item was published first.
      if (m.onTime !== null && (m.status !== 'withdrawn' || m.kind === 'disclosure-item')) {
        g.answered += 1;
        if (m.onTime) g.answeredOnTime += 1;
      }
    }
    const sorted = [...groups.values()].sort(
      (a, b) =>
        (a.departmentCode ?? '').localeCompare(b.departmentCode ?? '') ||
        a.kind.localeCompare(b.kind) ||
        a.subKind.localeCompare(b.subKind),
    );
    return { readAt: iso(now), rows: sorted };
  }

  async timeline(regionPrefix: string, no: string): Promise<MatterTimeline> {
    const row = await findMatter(this.store.prisma, no);
    // Out of scope looks exactly like unknown.
    if (row === null || !row.regionCode.startsWith(regionPrefix)) throw AppError.notFound('matter', no);
    const now = this.clock.now();
    const calendar = this.calendar.current();
    const entries = await matterEntries(this.store.prisma, no);
    return {
      readAt: iso(now),
      matter: this.view(row, calendar, now),
      entries: entries.map((e) => {
        let pausedDays: number | null = null;
        if (PAUSE_ENDS.has(e.type)) {
          const p = PauseOf.safeParse(e.payload);
          if (p.success)
            pausedDays = touchedWorkingDays(
              calendar,
              new Date(p.data.pause.startedAt),
              new Date(p.data.pause.endedAt ?? e.occurredAt.toISOString()),
            );
        }
        return {
          eventId: e.eventId,
          type: e.type,
          label: MATTER_EVENT_LABELS[e.type] ?? e.type,
          occurredAt: iso(e.occurredAt),
          actor: actorOf(e.payload),
          pausedDays,
          source: e.source,
          traceId: e.traceId,
          payload: e.payload,
        };
      }),
    };
  }

  /** A matter as the contract answers it; an open clock is read at `now` (stored readings are as of the last projection). */
  private view(m: MatterRecord, calendar: WorkingCalendar, now: Date): SupervisedMatter {
    const pauses = MatterPauses.parse(m.pauses);
    const live = m.open
      ? readClock(
          {
            startedAt: m.startedAt,
            limitDays: m.limitDays,
            stoppedAt: null,
            pauses: StoredPauses.parse(m.clockPauses),
          },
          now,
          calendar,
          this.settings,
        )
      : { dueAt: m.dueAt, usedDays: m.usedDays, level: CardLevel.parse(m.level) };
    // An open pause keeps counting its days until now.
    const shown = pauses.map((p) =>
      m.open && p.endedAt === null
        ? { ...p, workingDays: touchedWorkingDays(calendar, new Date(p.startedAt), now) }
        : p,
    );
    return {
      matterNo: m.matterNo,
      kind: MatterKind.parse(m.kind),
      subKind: MatterSubKind.parse(m.subKind),
      regionCode: m.regionCode,
      departmentCode: m.departmentCode,
      status: MatterStatus.parse(m.status),
      receivedAt: iso(m.receivedAt),
      startedAt: iso(m.startedAt),
      limitDays: m.limitDays,
      extensionDays: m.extensionDays,
      dueAt: iso(live.dueAt),
      stoppedAt: isoOrNull(m.stoppedAt),
      open: m.open,
      pausedSince: isoOrNull(m.pausedSince),
      pauses: shown,
      pausedDays: shown.reduce((n, p) => n + p.workingDays, 0),
      usedDays: live.usedDays,
      level: live.level,
      overdue: live.usedDays > m.limitDays,
      onTime: m.onTime,
      outcome: m.outcome,
      lastEventAt: iso(m.lastEventAt),
      provisional: isProvisional(calendar, m.startedAt, live.dueAt, m.stoppedAt ?? now),
    };
  }
}
