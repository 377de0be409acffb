/** 我的办件 (/me/applications): the applicant's applications, filtered by status. */
import { Empty, List, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { intakeApi, APPLICATION_STATUSES } from '../../api/intake.api.js';
import { AsyncView } from '../../components/async-view.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { StatusTag, useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

export function MyApplicationsPage() {
  const { t } = useI18n();
  const date = useDate();
  const [status, setStatus] = useState<string | undefined>();
  const list = usePagedList((page, signal) => intakeApi.mine(page, status, signal), [status]);
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('nav.myApplications')}
      </Typography.Title>
      <Select
        aria-label={t('work.statusFilter')}
        className="status-filter"
        allowClear
        placeholder={t('work.statusFilter')}
        value={status}
        onChange={(v: string | undefined) => setStatus(v)}
        options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
      />
      <AsyncView state={list.state} onRetry={list.reload}>
        {(data) => (
          <List
            className="result-list"
            locale={{ emptyText: <Empty description={t('work.empty')} /> }}
            dataSource={data.items}
            rowKey="no"
            pagination={list.pagination(data)}
            renderItem={(a) => (
              <List.Item className="application-row" data-no={a.no}>
                <List.Item.Meta
                  title={<Link to={`/me/applications/${encodeURIComponent(a.no)}`}>{a.itemName}</Link>}
                  description={
                    <>
                      {a.no} · {date(a.receivedAt)}
                    </>
                  }
                />
                <StatusTag status={a.status} />
              </List.Item>
            )}
          />
        )}
      </AsyncView>
    </div>
  );
}
