/** 双公示 (/decisions): the published licensing decisions (准予 / 不予), applicant masked; by region and outcome, paged. */
import { Button, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { intakeApi } from '../api/intake.api.js';
import { AsyncView } from '../components/async-view.js';
import { ProvisionalTag } from '../components/provisional-tag.js';
import { usePagedList } from '../components/use-paged-list.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';

type Outcome = 'approved' | 'denied';
interface Filters {
  region?: string;
  outcome?: Outcome;
}

const REGION = /^\d{6}$/;

export function DecisionsPage() {
  const { t } = useI18n();
  const date = useDate();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const { region, outcome } = filters;
  const list = usePagedList(
    (page, signal) => intakeApi.decisions({ region, outcome, page }, signal),
    [region, outcome],
  );
  const search = (v: Filters) =>
    setFilters({ region: v.region?.trim() || undefined, outcome: v.outcome ?? undefined });
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('decisions.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('decisions.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" className="decision-filters" onFinish={search} role="search">
        <Form.Item
          name="region"
          label={t('decisions.region')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || REGION.test(value.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('decisions.regionInvalid'))),
            },
          ]}
        >
          <Input placeholder={t('decisions.regionHint')} inputMode="numeric" maxLength={6} allowClear />
        </Form.Item>
        <Form.Item name="outcome" label={t('decisions.outcome')}>
          <Select<Outcome>
            allowClear
            placeholder={t('decisions.outcomeAll')}
            style={{ minWidth: 140 }}
            options={[
              { value: 'approved', label: t('decisions.approved') },
              { value: 'denied', label: t('decisions.denied') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('decisions.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('decisions.reset')}
          </Button>
        </Space>
      </Form>
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(d) => d.total === 0}
        emptyText={t('decisions.empty')}
      >
        {(data) => (
          <List
            className="result-list"
            dataSource={data.items}
            rowKey="applicationNo"
            pagination={list.pagination(data)}
            renderItem={(d) => (
              <List.Item className="decision-row" data-no={d.applicationNo} data-outcome={d.outcome ?? ''}>
                <List.Item.Meta
                  title={
                    <>
                      <Tag color={d.outcome === 'approved' ? 'green' : 'red'}>
                        {t(d.outcome === 'approved' ? 'decisions.approved' : 'decisions.denied')}
                      </Tag>
                      {d.itemName}
                    </>
                  }
                  description={
                    <dl className="decision-facts">
                      <dt>{t('decisions.no')}</dt>
                      <dd>{d.applicationNo}</dd>
                      <dt>{t('decisions.applicant')}</dt>
                      <dd>{d.applicant.name}</dd>
                      <dt>{t('decisions.body')}</dt>
                      <dd>{d.implementingBody}</dd>
                      <dt>{t('decisions.decidedAt')}</dt>
                      <dd>{date(d.decidedAt)}</dd>
                      <dt>{t('decisions.publishBy')}</dt>
                      <dd>
                        {date(d.publishBy)} <ProvisionalTag due={d.publishBy} show={d.publishByProvisional} />
                      </dd>
                    </dl>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </AsyncView>
    </div>
  );
}
