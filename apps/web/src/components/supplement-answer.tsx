/**
 * 补正: the applicant answers a one-time notice (一次性告知) — each material it lists with what is wrong, the file
 * handed in before (viewable), and a replacement upload; submitted together once every listed material has its
 * replacement. Two notices lead here: the window's before acceptance (SupplementAnswer) and an approval
 * department's 退回补正 after acceptance (ReturnAnswer: its items, the notice PDF, other materials and a note).
 */
import { Alert, App, Button, Card, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import {
  intakeApi,
  type Application,
  type MaterialInput,
  type ReturnRequest,
  type UploadedFile,
} from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './error-alert.js';
import { FileToggle } from './material-viewer.js';
import { FileUpload, ProtectedLink, noticeItems, useDate } from './work.js';

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
    const hit = [...names.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .find(([, name]) => line.startsWith(`${name}：`) || line.startsWith(`${name}:`));
    if (hit && !out.some((o) => o.materialId === hit[0]))
      out.push({ materialId: hit[0], name: hit[1], problem: line.slice(hit[1].length + 1).trim() });
  }
  for (const id of app.missingMaterialIds) {
    if (!out.some((o) => o.materialId === id)) {
      const line = lines.find((l) => l.includes(names.get(id) ?? id));
      out.push({ materialId: id, name: names.get(id) ?? id, problem: line ?? '' });
    }
  }
  return out;
}

/** The open 退回补正 requests (neither answered nor closed). */
export function openReturns(app: Application): ReturnRequest[] {
  return (app.returns ?? []).filter((r) => r.answeredAt === null && r.closedAt === null);
}

/** The materials the open returns name (once each, problems of several departments joined). */
export function returnedMaterials(returns: readonly ReturnRequest[]): FaultyMaterial[] {
  const out: FaultyMaterial[] = [];
  for (const r of returns) {
    for (const i of r.items) {
      if (!i.materialId) continue;
      const seen = out.find((o) => o.materialId === i.materialId);
      if (seen) seen.problem = `${seen.problem}；${i.problem}`;
      else out.push({ materialId: i.materialId, name: i.name, problem: i.problem });
    }
  }
  return out;
}

const uploads = (
  ids: readonly string[],
  files: Readonly<Record<string, UploadedFile | undefined>>,
): MaterialInput[] =>
  ids.flatMap((id) => {
    const file = files[id];
    return file ? [{ materialId: id, source: 'upload' as const, fileIds: [file.id] }] : [];
  });

/** One listed material: its name, the problem, the file handed in before, and the replacement upload. */
function FaultyItem({
  app,
  item,
  onUploaded,
}: {
  app: Application;
  item: FaultyMaterial;
  onUploaded: (file: UploadedFile | undefined) => void;
}) {
  const { t } = useI18n();
  const previous = app.materials.find((m) => m.materialId === item.materialId && m.current);
  return (
    <li className="supplement-item" data-material={item.materialId}>
      <div>
        <strong>{item.name}</strong> <Tag color="orange">{t('supplement.faulty')}</Tag>
      </div>
      <p className="supplement-problem">
        {t('supplement.problem')}：{item.problem || t('supplement.missing')}
      </p>
      {previous && previous.files.length > 0 && (
        <div className="muted">
          {t('supplement.previous')}
          {previous.files.map((file) => (
            <FileToggle key={file.sha256} no={app.no} file={file} />
          ))}
        </div>
      )}
      <FileUpload label={t('supplement.replacement', { name: item.name })} onUploaded={onUploaded} />
    </li>
  );
}

/** Runs the supplement call with the busy flag and the error shown in the card. */
function useSubmit(onDone: () => void, successText: string) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      void message.success(successText);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

export function SupplementAnswer({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const faulty = faultyMaterials(app);
  const [files, setFiles] = useState<Record<string, UploadedFile | undefined>>({});
  const { busy, error, submit } = useSubmit(onDone, t('supplement.sent'));
  const ready = faulty.length > 0 && faulty.every((f) => files[f.materialId]);
  return (
    <Card
      title={<h2 className="card-title">{t('work.supplement')}</h2>}
      className="highlight-card"
      data-testid="supplement-answer"
    >
      <p>{t('supplement.intro')}</p>
      {app.dates.supplementRequestedAt && (
        <p className="muted">
          {t('supplement.requestedAt', { date: date(app.dates.supplementRequestedAt) })}
        </p>
      )}
      {faulty.length === 0 && <Alert type="warning" showIcon title={t('supplement.noItems')} />}
      <ol className="supplement-items">
        {faulty.map((f) => (
          <FaultyItem
            key={f.materialId}
            app={app}
            item={f}
            onUploaded={(file) => setFiles((p) => ({ ...p, [f.materialId]: file }))}
          />
        ))}
      </ol>
      {!ready && faulty.length > 0 && <p className="muted">{t('supplement.needAll')}</p>}
      {error && <Alert type="error" showIcon role="alert" title={t('common.error')} description={error} />}
      <Button
        type="primary"
        disabled={!ready}
        loading={busy}
        onClick={() =>
          void submit(() =>
            intakeApi.act(app.no, 'supplement', {
              materials: uploads(
                faulty.map((f) => f.materialId),
                files,
              ),
            }),
          )
        }
      >
        {t('work.submitSupplement')}
      </Button>
    </Card>
  );
}

/**
 * 退回补正: what each department asked for (opinion, items, the notice PDF), an upload for every material it
 * named, optional uploads of other materials of the item and a note; one submission answers every open return.
 */
export function ReturnAnswer({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const returns = openReturns(app);
  const faulty = returnedMaterials(returns);
  const others = returns.flatMap((r) =>
    r.items.filter((i) => !i.materialId).map((i, n) => ({ key: `${r.id}-${n}`, ...i })),
  );
  const extraChoices = app.materials.filter(
    (m) => m.current && !faulty.some((f) => f.materialId === m.materialId),
  );
  const [files, setFiles] = useState<Record<string, UploadedFile | undefined>>({});
  const [extra, setExtra] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(onDone, t('return.sent'));
  const materials = uploads([...faulty.map((f) => f.materialId), ...extra], files);
  const allListed = faulty.every((f) => files[f.materialId]);
  const noteOk = note.trim().length >= 2;
  const ready = allListed && (materials.length > 0 || noteOk) && (note.trim().length === 0 || noteOk);
  return (
    <Card
      title={<h2 className="card-title">{t('return.title')}</h2>}
      className="highlight-card"
      data-testid="return-answer"
    >
      <p>{t('return.intro')}</p>
      {returns.map((r) => (
        <section key={r.id} className="return-request" data-return={r.id}>
          <p className="muted">
            {t('return.from', { department: r.departmentName, date: date(r.requestedAt) })}
          </p>
          <p>
            <strong>{t('return.opinion')}</strong>：{r.opinion}
          </p>
          {r.noticeUrl && <ProtectedLink href={r.noticeUrl}>{t('return.notice')}</ProtectedLink>}
        </section>
      ))}
      <ol className="supplement-items">
        {faulty.map((f) => (
          <FaultyItem
            key={f.materialId}
            app={app}
            item={f}
            onUploaded={(file) => setFiles((p) => ({ ...p, [f.materialId]: file }))}
          />
        ))}
        {others.map((o) => (
          <li key={o.key} className="supplement-item" data-item={o.name}>
            <div>
              <strong>{o.name}</strong> <Tag color="orange">{t('return.otherItem')}</Tag>
            </div>
            <p className="supplement-problem">
              {t('supplement.problem')}：{o.problem}
            </p>
            <p className="muted">{t('return.otherHint')}</p>
          </li>
        ))}
      </ol>
      {extraChoices.length > 0 && (
        <div className="top-gap">
          <Select
            mode="multiple"
            aria-label={t('return.extra')}
            placeholder={t('return.extra')}
            className="full-width"
            value={extra}
            onChange={(ids: string[]) => setExtra(ids)}
            options={extraChoices.map((m) => ({ value: m.materialId, label: m.name }))}
          />
          {extra.map((id) => (
            <FileUpload
              key={id}
              label={t('supplement.replacement', {
                name: extraChoices.find((m) => m.materialId === id)?.name ?? id,
              })}
              onUploaded={(file) => setFiles((p) => ({ ...p, [id]: file }))}
            />
          ))}
        </div>
      )}
      <div className="top-gap">
        <label htmlFor="return-note" className="block-label">
          {t('return.note')}
        </label>
        <Input.TextArea
          id="return-note"
          placeholder={t('return.noteHint')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
          rows={3}
        />
      </div>
      {!allListed && <p className="muted">{t('return.needFiles')}</p>}
      {allListed && materials.length === 0 && !noteOk && <p className="muted">{t('return.needNote')}</p>}
      {error && <Alert type="error" showIcon role="alert" title={t('common.error')} description={error} />}
      <Button
        type="primary"
        className="top-gap"
        disabled={!ready}
        loading={busy}
        onClick={() =>
          void submit(() =>
            intakeApi.act(app.no, 'supplement', { materials, ...(noteOk ? { note: note.trim() } : {}) }),
          )
        }
      >
        {t('return.submit')}
      </Button>
    </Card>
  );
}
