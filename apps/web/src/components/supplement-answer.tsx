/**
 * 补正: the applicant answers the one-time supplement notice — each material it lists with what is wrong, the
 * file handed in before (viewable), and a replacement upload; submitted together once every listed material
 * has its replacement.
 */
import { Alert, App, Button, Card, Tag } from 'antd';
import { useState } from 'react';
import { intakeApi, type Application, type MaterialInput, type UploadedFile } from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './error-alert.js';
import { FileToggle } from './material-viewer.js';
import { FileUpload, noticeItems, useDate } from './work.js';

export interface FaultyMaterial {
  materialId: string;
  name: string;
  problem: string;
}

/**
 * The materials the latest supplement notice lists ("名称：问题" lines matched to the application's materials by
 * name), plus any material still missing that the lines do not name.
 */
export function faultyMaterials(app: Application): FaultyMaterial[] {
  const notice = [...app.notices].reverse().find((n) => n.kind === 'supplement');
  const lines = notice ? noticeItems(notice.content) : [];
  const names = new Map<string, string>();
  for (const m of app.materials) names.set(m.materialId, m.name);
  const out: FaultyMaterial[] = [];
  for (const line of lines) {
    const hit = [...names.entries()].sort((a, b) => b[1].length - a[1].length).find(([, name]) => line.startsWith(`${name}：`) || line.startsWith(`${name}:`));
    if (hit && !out.some((o) => o.materialId === hit[0])) out.push({ materialId: hit[0], name: hit[1], problem: line.slice(hit[1].length + 1).trim() });
  }
  for (const id of app.missingMaterialIds) {
    if (!out.some((o) => o.materialId === id)) {
      const line = lines.find((l) => l.includes(names.get(id) ?? id));
      out.push({ materialId: id, name: names.get(id) ?? id, problem: line ?? '' });
    }
  }
  return out;
}

export function SupplementAnswer({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const date = useDate();
  const faulty = faultyMaterials(app);
  const [files, setFiles] = useState<Record<string, UploadedFile | undefined>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = faulty.length > 0 && faulty.every((f) => files[f.materialId]);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const materials: MaterialInput[] = faulty.flatMap((f) => {
        const file = files[f.materialId];
        return file ? [{ materialId: f.materialId, source: 'upload' as const, fileIds: [file.id] }] : [];
      });
      await intakeApi.act(app.no, 'supplement', { materials });
      void message.success(t('supplement.sent'));
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="card-title">{t('work.supplement')}</h2>} className="highlight-card" data-testid="supplement-answer">
      <p>{t('supplement.intro')}</p>
      {app.dates.supplementRequestedAt && <p className="muted">{t('supplement.requestedAt', { date: date(app.dates.supplementRequestedAt) })}</p>}
      {faulty.length === 0 && <Alert type="warning" showIcon title={t('supplement.noItems')} />}
      <ol className="supplement-items">
        {faulty.map((f) => {
          const previous = app.materials.find((m) => m.materialId === f.materialId && m.current);
          return (
            <li key={f.materialId} className="supplement-item" data-material={f.materialId}>
              <div>
                <strong>{f.name}</strong> <Tag color="orange">{t('supplement.faulty')}</Tag>
              </div>
              <p className="supplement-problem">
                {t('supplement.problem')}：{f.problem || t('supplement.missing')}
              </p>
              {previous && previous.files.length > 0 && (
                <div className="muted">
                  {t('supplement.previous')}
                  {previous.files.map((file) => (
                    <FileToggle key={file.sha256} no={app.no} file={file} />
                  ))}
                </div>
              )}
              <FileUpload label={t('supplement.replacement', { name: f.name })} onUploaded={(file) => setFiles((p) => ({ ...p, [f.materialId]: file }))} />
            </li>
          );
        })}
      </ol>
      {!ready && faulty.length > 0 && <p className="muted">{t('supplement.needAll')}</p>}
      {error && <Alert type="error" showIcon role="alert" title={t('common.error')} description={error} />}
      <Button type="primary" disabled={!ready} loading={busy} onClick={() => void submit()}>
        {t('work.submitSupplement')}
      </Button>
    </Card>
  );
}
