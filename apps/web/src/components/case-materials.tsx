/** 审批 · 申请材料: the materials of the case, each file downloaded with the signed-in officer's token through approval. */
import { Button, Card, Empty, List, Skeleton, Tag } from 'antd';
import { caseMaterials } from '../api/approval-materials.api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { ProtectedLink } from './work.js';
import { useAsync } from './use-async.js';

export function CaseMaterialsCard({ id }: { id: string }) {
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => caseMaterials(id, signal), [id]);
  return (
    <Card
      title={<h2 className="card-title">{t('work.materials')}</h2>}
      extra={
        <Button size="small" onClick={reload}>
          {t('caseMaterials.refresh')}
        </Button>
      }
    >
      {state.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' &&
        (state.data.materials.length === 0 ? (
          <Empty description={t('viewer.none')} />
        ) : (
          <List
            size="small"
            dataSource={state.data.materials}
            rowKey="materialId"
            renderItem={(m) => (
              <List.Item className="case-material">
                <div className="viewer-material-body">
                  <strong>{m.name}</strong>{' '}
                  {m.source === 'promise' && <Tag color="gold">{t('work.promise')}</Tag>}
                  {m.source === 'licence' && (
                    <span className="break-all">
                      <Tag color="green">{t('work.fromLicence')}</Tag>
                      {m.licenceIdentifier}
                    </span>
                  )}
                  {m.files.map((f) => (
                    <div key={f.sha256}>
                      <ProtectedLink href={f.url} download={f.name}>
                        {t('viewer.download', { name: f.name })}
                      </ProtectedLink>{' '}
                      <span className="muted">（{Math.max(1, Math.round(f.size / 1024))} KB）</span>
                    </div>
                  ))}
                </div>
              </List.Item>
            )}
          />
        ))}
    </Card>
  );
}
