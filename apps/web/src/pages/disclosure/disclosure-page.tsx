/**
 * 政务公开 (/disclosure): published government information for everyone — search (Chinese words of the title or
 * text), by 发布机构, 五公开 category and key area. With an agency chosen it shows that agency's 政府信息公开目录; with a
 * key area, it is that area's 政府信息公开专栏. Filters live in the URL.
 */
import { Button, Card, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { disclosureApi, KEY_AREAS, OPEN_CATEGORIES } from '../../api/disclosure.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { areaKey, categoryKey, kindKey } from './labels.js';

const DISCLOSURE_URL = z.object({
  q: z.optional(z.string()),
  agency: z.optional(z.string().check(z.regex(/^[a-z-]{2,40}$/))),
  category: z.optional(z.enum(OPEN_CATEGORIES)),
  keyArea: z.optional(z.enum(KEY_AREAS)),
});

interface SearchForm {
  q?: string;
}

export function DisclosurePage() {
  const { t } = useI18n();
  const [filters, update] = useSearchParamsSchema(DISCLOSURE_URL);
  const { q, agency, category, keyArea } = filters;
  const [form] = Form.useForm<SearchForm>();
  const [agencies] = useAsync((signal) => disclosureApi.agencies(signal), []);
  const [catalogue] = useAsync(
    (signal) => (agency ? disclosureApi.catalogue(agency, signal) : Promise.resolve(undefined)),
    [agency],
  );
  const list = usePagedList(
    (page, signal) => disclosureApi.publicItems({ q, agency, category, keyArea, page }, signal),
    [q, agency, category, keyArea],
  );
  const agencyOptions =
    agencies.status === 'ok'
      ? agencies.data.agencies.map((a) => ({ value: a.departmentCode, label: a.departmentName }))
      : [];
  return (
    <div className="page disclosure-page">
      <Typography.Title level={1} className="page-title">
        {keyArea ? t('dis.column', { area: t(areaKey(keyArea)) }) : t('dis.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('dis.intro')}</Typography.Paragraph>
      {agencies.status === 'ok' && (
        <nav aria-label={t('disg.guides')} className="disclosure-guides" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('disg.guides')}：</Typography.Text>
          <Space wrap size={[12, 4]}>
            {agencies.data.agencies.map((a) => (
              <Link
                key={a.departmentCode}
                to={`/disclosure/agencies/${encodeURIComponent(a.departmentCode)}/guide`}
              >
                {a.departmentName}
              </Link>
            ))}
          </Space>
        </nav>
      )}
      <Form
        form={form}
        layout="inline"
        role="search"
        initialValues={{ q }}
        onFinish={(v) => update({ q: v.q?.trim() || undefined })}
        style={{ rowGap: 8, marginBottom: 12 }}
      >
        <Form.Item name="q" label={t('dis.q')}>
          <Input placeholder={t('dis.qHint')} allowClear maxLength={80} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('dis.agency')}>
          <Select
            allowClear
            aria-label={t('dis.agency')}
            placeholder={t('dis.all')}
            style={{ minWidth: 160 }}
            value={agency}
            options={agencyOptions}
            onChange={(v: string | undefined) => update({ agency: v })}
          />
        </Form.Item>
        <Form.Item label={t('dis.category')}>
          <Select
            allowClear
            aria-label={t('dis.category')}
            placeholder={t('dis.all')}
            style={{ minWidth: 120 }}
            value={category}
            options={OPEN_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
            onChange={(v: string | undefined) => update({ category: v })}
          />
        </Form.Item>
        <Form.Item label={t('dis.keyArea')}>
          <Select
            allowClear
            aria-label={t('dis.keyArea')}
            placeholder={t('dis.all')}
            style={{ minWidth: 140 }}
            value={keyArea}
            options={KEY_AREAS.map((a) => ({ value: a, label: t(areaKey(a)) }))}
            onChange={(v: string | undefined) => update({ keyArea: v })}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('dis.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              update({ q: undefined, agency: undefined, category: undefined, keyArea: undefined });
            }}
          >
            {t('dis.reset')}
          </Button>
        </Space>
      </Form>
      {catalogue.status === 'ok' && catalogue.data && (
        <Card
          size="small"
          title={t('dis.catalogue', { agency: catalogue.data.departmentName })}
          extra={
            <Link to={`/disclosure/agencies/${encodeURIComponent(catalogue.data.departmentCode)}/guide`}>
              {t('disg.guideLink')}
            </Link>
          }
          style={{ marginBottom: 12 }}
        >
          <Space wrap>
            {catalogue.data.categories.map((c) => (
              <Button key={c.category} size="small" onClick={() => update({ category: c.category })}>
                {t('dis.catalogueCount', { label: t(categoryKey(c.category)), n: c.count })}
              </Button>
            ))}
          </Space>
        </Card>
      )}
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('dis.columns')}>
        {KEY_AREAS.map((a) => (
          <Link key={a} to={`/disclosure?keyArea=${a}`}>
            <Tag color={a === keyArea ? 'blue' : undefined}>{t(areaKey(a))}</Tag>
          </Link>
        ))}
      </Space>
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(d) => d.total === 0}
        emptyText={t('dis.empty')}
      >
        {(data) => (
          <List
            className="result-list"
            dataSource={data.items}
            rowKey="id"
            pagination={list.pagination(data)}
            renderItem={(item) => (
              <List.Item className="disclosure-row" data-id={item.id}>
                <List.Item.Meta
                  title={
                    <>
                      <Tag>{t(categoryKey(item.openCategory))}</Tag>
                      {item.kind !== 'general' && <Tag color="purple">{t(kindKey(item.kind))}</Tag>}
                      <Link to={`/disclosure/items/${item.id}`}>{item.title}</Link>
                    </>
                  }
                  description={`${item.departmentName} · ${t('dis.publishedOn')} ${item.publishedOn} · ${t('dis.indexNo')} ${item.indexNo}`}
                />
              </List.Item>
            )}
          />
        )}
      </AsyncView>
    </div>
  );
}
