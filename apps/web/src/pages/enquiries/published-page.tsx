/**
 * 咨询投诉 · 公开答复 (/enquiries): the questions whose askers agreed to publish them, with the departments' answers
 * and no personal data, searched in Chinese or pinyin (`?q=` in the URL); the way to ask a new question.
 */
import { Button, Input, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { DEPARTMENTS, nameOf } from '../../api/catalog-codes.js';
import { enquiriesApi } from '../../api/enquiries.api.js';
import { AsyncView } from '../../components/async-view.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaDate, typeKey } from './labels.js';

const PUBLISHED_URL = z.object({ q: z.optional(z.string().check(z.maxLength(50))) });

export function PublishedEnquiriesPage() {
  const { t, locale } = useI18n();
  const [url, update] = useSearchParamsSchema(PUBLISHED_URL);
  const q = url.q?.trim() ?? '';
  const list = usePagedList(
    (page, signal) => enquiriesApi.published({ page, ...(q ? { q } : {}) }, signal),
    [q],
  );
  return (
    <div className="page published-enquiries-page">
      <Typography.Title level={1} className="page-title">
        {t('enq.searchTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('enq.searchIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          key={q}
          defaultValue={q}
          aria-label={t('enq.searchLabel')}
          placeholder={t('enq.searchLabel')}
          enterButton={t('enq.searchButton')}
          maxLength={50}
          allowClear
          onSearch={(value) => update({ q: value.trim() })}
          style={{ maxWidth: 420 }}
        />
        <Link to="/enquiries/ask">
          <Button type="primary">{t('enq.ask')}</Button>
        </Link>
        <Link to="/enquiries/lookup">
          <Button>{t('enq.lookup')}</Button>
        </Link>
      </Space>
      <AsyncView
        state={list.state}
        onRetry={list.reload}
        isEmpty={(p) => p.items.length === 0}
        emptyText={t('enq.searchEmpty')}
      >
        {(page) => (
          <List
            dataSource={page.items}
            pagination={list.pagination(page)}
            renderItem={(e) => (
              <List.Item key={e.no} className="published-enquiry">
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{t(typeKey(e.type))}</Tag>
                      <span>{e.subject}</span>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.text}</Typography.Paragraph>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>
                        <strong>{t('enq.answer')}：</strong>
                        {e.answer}
                      </Typography.Paragraph>
                      <Typography.Text type="secondary">
                        {e.departmentCode ? `${nameOf(DEPARTMENTS, e.departmentCode, locale)} · ` : ''}
                        {t('enq.answeredAt')} {chinaDate(e.answeredAt)}
                      </Typography.Text>
                    </>
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
