/** 联合办理 (/government/joint-cases) for the 本级人民政府负责人. */
import { Button, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { approvalApi, type JointCaseView } from '../../api/approval.api.js';
import { PagedResultList } from '../../components/paged-result-list.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { ProcedureModal } from './special-procedures-card.js';

/** 本级人民政府负责人: the undecided joint cases of the region, each with the +15 extension while it is still possible. */
export function JointCasesPage() {
  const { t } = useI18n();
  const date = useDate();
  const [granting, setGranting] = useState<JointCaseView | null>(null);
  const list = usePagedList((page, signal) => approvalApi.jointCases(page, signal), []);
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('proc.joint.title')}
      </Typography.Title>
      <p className="muted">{t('proc.joint.hint')}</p>
      <PagedResultList
        list={list}
        empty={t('proc.joint.empty')}
        rowKey="id"
        renderItem={(c) => (
          <List.Item
            className="task-row"
            data-no={c.applicationNo}
            actions={[
              c.extension.allowed ? (
                <Button key="grant" type="primary" onClick={() => setGranting(c)}>
                  {t('proc.extendJoint', { n: c.extension.days })}
                </Button>
              ) : (
                <Tag key="done" color="blue">
                  {t('proc.joint.extended')}
                </Tag>
              ),
            ]}
          >
            <List.Item.Meta
              title={c.itemName}
              description={t('proc.joint.row', {
                no: c.applicationNo,
                n: c.departmentCodes.length,
                promised: date(c.clocks.promisedDueAt),
                legal: date(c.clocks.legalDueAt),
                left: c.clocks.legalWorkingDaysLeft,
              })}
            />
            {c.clocks.paused && <Tag color="orange">{t('approval.paused')}</Tag>}
          </List.Item>
        )}
      />
      {granting && (
        <ProcedureModal
          applicationNo={granting.applicationNo}
          action={{ type: 'extend', days: granting.extension.days }}
          onClose={() => setGranting(null)}
          onDone={list.reload}
        />
      )}
    </div>
  );
}
