import {
  SPECIAL_PROCEDURE_NAMES,
  type CaseExtended,
  type CaseResumed,
  type CaseSuspended,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import { chinaDateString } from '@hall/calendar';
import { findApplication, notify } from '../records/application.repository.js';
import type { IntakeTx } from '../intake.store.js';

/**
 * 特别程序告知: a pause (听证, 检验, 专家评审 …) and an extension (延长审批) change when the applicant gets a result,
 * so each reaches the applicant's inbox (and the external channel). A return's pause ('supplement') is told by the
 * return notice itself (returns/return.consumer.ts), so it is not repeated here.
 */
export const onCaseSuspended = async (
  p: PayloadOf<typeof CaseSuspended>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> => {
  if (p.kind === 'supplement') return;
  const app = await findApplication(tx, p.applicationNo);
  if (!app) return;
  const name = SPECIAL_PROCEDURE_NAMES[p.kind];
  await notify(
    tx,
    app,
    {
      kind: 'procedure',
      title: `办件进入特别程序（${name}）`,
      body: `您申请的“${app.itemName}”（办件编号 ${app.no}）因需${name}（${p.reason}），自${chinaDateString(new Date(p.startedAt))}起进入特别程序，所需时间不计算在审批期限内（行政许可法第四十五条）。`,
    },
    new Date(p.occurredAt),
  );
};

export const onCaseResumed = async (
  p: PayloadOf<typeof CaseResumed>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> => {
  if (p.kind === 'supplement') return;
  const app = await findApplication(tx, p.applicationNo);
  if (!app) return;
  await notify(
    tx,
    app,
    {
      kind: 'procedure',
      title: '特别程序结束，审批继续',
      body: `您申请的“${app.itemName}”（办件编号 ${app.no}）的${SPECIAL_PROCEDURE_NAMES[p.kind]}已结束，审批继续进行，承诺办结期限为${chinaDateString(new Date(p.promisedDueAt))}。`,
    },
    new Date(p.occurredAt),
  );
};

export const onCaseExtended = async (
  p: PayloadOf<typeof CaseExtended>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> => {
  const app = await findApplication(tx, p.applicationNo);
  if (!app) return;
  await notify(
    tx,
    app,
    {
      kind: 'procedure',
      title: '审批期限延长',
      body: `您申请的“${app.itemName}”（办件编号 ${app.no}）因${p.reason}，审批期限延长${p.days}个工作日，承诺办结期限为${chinaDateString(new Date(p.promisedDueAt))}。`,
    },
    new Date(p.occurredAt),
  );
};
