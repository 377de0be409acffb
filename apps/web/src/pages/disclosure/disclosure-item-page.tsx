/** One published 政府信息 (/disclosure/items/:id): its 索引号 table, text, interpretations and attachments. */
import { Descriptions, List, Typography } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { disclosureApi } from '../../api/disclosure.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { areaKey, categoryKey, kindKey } from './labels.js';

const ITEM_PARAMS = z.object({ id: z._default(z.string(), '') });

export function DisclosureItemPage() {
  const { t } = useI18n();
  const { id } = useParamsSchema(ITEM_PARAMS);
  const [state, reload] = useAsync((signal) => disclosureApi.publicItem(id, signal), [id]);
  return (
    <div className="page disclosure-item-page">
      <Link to="/disclosure">{t('dis.back')}</Link>
      <AsyncView state={state} onRetry={reload}>
        {(item) => (
          <>
            <Typography.Title level={1} className="page-title">
              {item.title}
            </Typography.Title>
            <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('dis.indexNo')}>{item.indexNo}</Descriptions.Item>
              <Descriptions.Item label={t('dis.publisher')}>
                {item.departmentName}（
                <Link
                  to={`/disclosure/agencies/${encodeURIComponent(item.departmentCode)}/guide`}
                  style={{ textDecoration: 'underline' }}
                >
                  {t('disg.guideLink')}
                </Link>
                ）
              </Descriptions.Item>
              <Descriptions.Item label={t('dis.writtenOn')}>{item.writtenOn}</Descriptions.Item>
              <Descriptions.Item label={t('dis.publishedOn')}>{item.publishedOn}</Descriptions.Item>
              <Descriptions.Item label={t('dis.topic')}>{item.topic}</Descriptions.Item>
              <Descriptions.Item label={t('dis.category')}>
                {t(categoryKey(item.openCategory))}
              </Descriptions.Item>
              <Descriptions.Item label={t('dis.keyArea')}>{t(areaKey(item.keyArea))}</Descriptions.Item>
              <Descriptions.Item label={t('dis.kind')}>{t(kindKey(item.kind))}</Descriptions.Item>
            </Descriptions>
            {item.version > 1 && (
              <Typography.Text type="secondary">{t('dis.version', { n: item.version })}</Typography.Text>
            )}
            <div className="disclosure-body" style={{ whiteSpace: 'pre-wrap', margin: '16px 0' }}>
              {item.body}
            </div>
            {item.interpretsId && (
              <Typography.Paragraph>
                {t('dis.interprets')}：
                <Link to={`/disclosure/items/${item.interpretsId}`}>{t('dis.kind.policy')}</Link>
              </Typography.Paragraph>
            )}
            {item.interpretations.length > 0 && (
              <List
                size="small"
                header={t('dis.interpretations')}
                dataSource={item.interpretations}
                renderItem={(i) => (
                  <List.Item>
                    <Link to={`/disclosure/items/${i.id}`}>{i.title}</Link>
                  </List.Item>
                )}
              />
            )}
            {item.attachments.length > 0 && (
              <List
                size="small"
                header={t('dis.attachments')}
                dataSource={item.attachments}
                renderItem={(a) => (
                  <List.Item>
                    <a href={disclosureApi.attachmentUrl(item.id, a.id)}>{a.name}</a>
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </AsyncView>
    </div>
  );
}
