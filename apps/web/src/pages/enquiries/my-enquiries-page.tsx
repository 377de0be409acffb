/**
 * 我的咨询投诉 (/me/enquiries, applicants): my questions, complaints, suggestions and requests for help, newest first,
 * with their status and answer deadline; each opens its detail (my-enquiry-page.tsx).
 */
import { Button, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { enquiriesApi } from '../../api/enquiries.api.js';
import { AsyncView } from '../../components/async-view.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaDate, chinaDateTime, ratingKey, STATUS_COLOR, statusKey, typeKey } from './labels.js';

export function MyEnquiriesPage() {
  const { t } = useI18n();
  const list = usePagedList((page, signal) => enquiriesApi.mine(page, signal), []);
  return (
    <div className="page my-enquiries-page">
      <Typography.Title level={1} className="page-title">
        {t('title.myEnquiries')}
      </Typography.Title>
      <Link to="/enquiries/ask">
        <Button type="primary">{t('enq.ask')}</Button>
      </Link>
      <div style={{ marginTop: 16 }}>
        <AsyncView
          state={list.state}
          onRetry={list.reload}
          isEmpty={(p) => p.items.length === 0}
          emptyText={t('enq.mineEmpty')}
        >
          {(page) => (
            <List
              dataSource={page.items}
              pagination={list.pagination(page)}
              renderItem={(e) => (
                <List.Item
                  key={e.no}
                  className="enquiry-row"
                  actions={[
                    <Link key="view" to={`/me/enquiries/${encodeURIComponent(e.no)}`}>
                      {t('enq.view')}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <Tag>{t(typeKey(e.type))}</Tag>
                        <Link to={`/me/enquiries/${encodeURIComponent(e.no)}`}>{e.subject}</Link>
                        <Tag color={STATUS_COLOR[e.status]}>{t(statusKey(e.status))}</Tag>
                        {e.overdue && <Tag color="red">{t('enq.overdue')}</Tag>}
                        {e.rating && <Tag color="gold">{t(ratingKey(e.rating))}</Tag>}
                      </Space>
                    }
                    description={
                      <span>
                        {e.no} · {t('enq.createdAt')} {chinaDateTime(e.createdAt)}
                        {(e.status === 'submitted' || e.status === 'routed') &&
                          ` · ${t('enq.dueBy')} ${chinaDate(e.dueBy)}`}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </AsyncView>
      </div>
    </div>
  );
}
