/**
 * 我的办件's progress at a glance: the four steps 申请 → 受理 → 审批 → 办结 with the current one (补正 and 退回 mark
 * theirs as needing the applicant), and the 承诺办结 time limit with its due date once accepted.
 */
import { Steps, type StepsProps } from 'antd';
import type { ApplicationStatus } from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

const STEPS = ['mine.step.apply', 'mine.step.accept', 'mine.step.approve', 'mine.step.done'] as const;

type Position = { current: number; status: NonNullable<StepsProps['status']>; note?: MessageKey };

/** Where an application stands on the four steps. `accepted`: it was accepted at some point. */
export function positionOf(status: ApplicationStatus, accepted: boolean): Position {
  switch (status) {
    case 'submitted':
    case 'supplemented':
      return { current: 1, status: 'process' };
    case 'supplement-requested':
      return { current: 1, status: 'error', note: 'mine.step.supplement' };
    case 'refused':
      return { current: 1, status: 'error', note: 'mine.step.refused' };
    case 'accepted':
    case 'closing':
      return { current: 2, status: 'process' };
    case 'returned':
      return { current: 2, status: 'error', note: 'mine.step.returned' };
    case 'withdrawn':
    case 'terminated':
      return { current: accepted ? 2 : 1, status: 'error', note: 'mine.step.stopped' };
    case 'decided':
      return { current: 3, status: 'process' };
    case 'completed':
    case 'delivered':
      return { current: 3, status: 'finish' };
  }
}

export function ApplicationSteps({ status, accepted }: { status: ApplicationStatus; accepted: boolean }) {
  const { t } = useI18n();
  const pos = positionOf(status, accepted);
  return (
    <Steps
      className="application-steps"
      data-testid="application-steps"
      data-current={pos.current}
      aria-label={t('mine.steps')}
      size="small"
      current={pos.current}
      status={pos.status}
      items={STEPS.map((key, i) => ({
        title: t(key),
        ...(i === pos.current && pos.note ? { description: t(pos.note) } : {}),
      }))}
    />
  );
}

/** A due instant as its China-time date (the deadline is the end of that day). */
function useDueDate(): (iso: string) => string {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (iso) => format.format(new Date(iso));
}

/** Statuses before acceptance in which the application still runs: the due date comes with acceptance. */
const AWAITING_ACCEPTANCE: readonly string[] = ['submitted', 'supplement-requested', 'supplemented'];

/**
 * 承诺办结时限 and, once accepted, the due date (暂定 when counted into a year without the official calendar). The
 * service sends no due date once the application has ended (办结, 撤回, 不予受理 …): then only the time limit shows.
 */
export function DueLine({
  status,
  promisedLimitDays,
  dueBy,
  provisional,
}: {
  status: string;
  promisedLimitDays: number;
  dueBy: string | null;
  provisional: boolean;
}) {
  const { t } = useI18n();
  const dueDate = useDueDate();
  return (
    <span className="due-line" data-testid="due-line">
      {t('mine.promised')}：{t('mine.promisedDays', { n: String(promisedLimitDays) })}
      {dueBy ? (
        <>
          {' · '}
          <span data-testid="due-by">
            {t('mine.dueBy')}：{dueDate(dueBy)}
            {provisional && t('mine.provisional')}
          </span>
        </>
      ) : (
        AWAITING_ACCEPTANCE.includes(status) && (
          <>
            {' · '}
            {t('mine.dueAfterAccept')}
          </>
        )
      )}
    </span>
  );
}
