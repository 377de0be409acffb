/** Pieces shared by the applicant's, window's and approval screens: uploads with progress, status, notices, timeline. */
import { App, Button, Descriptions, List, Progress, Tag, Timeline } from 'antd';
import { useId, useState } from 'react';
import { openProtectedFile } from '../api/http.js';
import { intakeApi, type Application, type UploadedFile } from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { displayValue } from './record-view.js';
import { useErrorText } from './error-alert.js';
// The upload limits the service checks, as plain constants (material-limits.ts has no zod): only the schemas of
// @hall/contracts/api are loaded lazily (api/http.ts), this small module is meant to be in the bundle.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
import { MATERIAL_EXTENSIONS, MATERIAL_MAX_BYTES, MATERIAL_TYPES } from '@hall/contracts/limits';

const STATUS_COLOURS: Readonly<Record<string, string>> = {
  submitted: 'blue',
  'supplement-requested': 'orange',
  supplemented: 'blue',
  accepted: 'processing',
  returned: 'orange',
  closing: 'gold',
  refused: 'red',
  withdrawn: 'default',
  terminated: 'red',
  decided: 'cyan',
  completed: 'green',
  delivered: 'green',
};

/** The status as a coloured tag; `closing` says which (撤回确认中 / 终止确认中) when the view tells. */
export function StatusTag({
  status,
  closing,
}: {
  status: string;
  closing?: 'withdraw' | 'terminate' | null;
}) {
  const { t } = useI18n();
  const key: MessageKey =
    status === 'closing' && closing ? `work.closing.${closing}` : (`status.${status}` as MessageKey);
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-status={status}>
      {t(key) ?? status}
    </Tag>
  );
}

export function useDate(): (value: string | null | undefined) => string {
  const { locale } = useI18n();
  return (value) => displayValue(value ?? undefined, locale) ?? '—';
}

/** One file input with its label and upload progress; reports the uploaded file (or undefined when cleared). */
const MiB = 1024 * 1024;

/** Why the service would refuse this file as a material (its limits, `@hall/contracts/limits`), or null. */
export function materialFileProblem(
  file: Pick<File, 'name' | 'size' | 'type'>,
): { key: MessageKey; vars: Record<string, string | number> } | null {
  const name = file.name;
  if (file.size === 0) return { key: 'lists.fileEmpty', vars: { name } };
  const lower = name.toLowerCase();
  const typeOk =
    file.type !== ''
      ? MATERIAL_TYPES.includes(file.type)
      : MATERIAL_EXTENSIONS.some((ext) => lower.endsWith(ext));
  if (!typeOk) return { key: 'lists.fileBadType', vars: { name } };
  if (file.size > MATERIAL_MAX_BYTES)
    return {
      key: 'lists.fileTooLarge',
      vars: { name, size: (file.size / MiB).toFixed(1), max: MATERIAL_MAX_BYTES / MiB },
    };
  return null;
}

export function FileUpload({
  label,
  onUploaded,
}: {
  label: string;
  onUploaded: (file: UploadedFile | undefined) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const hint = useId();
  const [state, setState] = useState<
    | { s: 'idle' }
    | { s: 'busy'; percent: number }
    | { s: 'ok'; name: string }
    | { s: 'error'; message: string }
  >({ s: 'idle' });
  const onChange = (file: File | undefined, input: HTMLInputElement) => {
    onUploaded(undefined);
    if (!file) return setState({ s: 'idle' });
    // Checked here first, with the service's own limits: a file it would refuse is never sent.
    const refusal = materialFileProblem(file);
    if (refusal) {
      input.value = '';
      return setState({ s: 'error', message: t(refusal.key, refusal.vars) });
    }
    setState({ s: 'busy', percent: 0 });
    intakeApi
      .upload(file, (percent) => setState({ s: 'busy', percent }))
      .then(
        (uploaded) => {
          setState({ s: 'ok', name: uploaded.name });
          onUploaded(uploaded);
        },
        (err: unknown) => setState({ s: 'error', message: errorText(err) }),
      );
  };
  return (
    <div className="file-upload">
      <label htmlFor={id}>{label}</label>
      {/* The native input, invisible over a drop area: click or drop a file onto it. */}
      <div className={`file-drop${state.s === 'error' ? ' file-drop-error' : ''}`}>
        <span>{t('lists.filePick')}</span>
        <span className="muted">{t('lists.fileLimits', { max: MATERIAL_MAX_BYTES / MiB })}</span>
        <input
          id={id}
          type="file"
          accept={[...MATERIAL_TYPES, ...MATERIAL_EXTENSIONS].join(',')}
          aria-describedby={hint}
          onChange={(e) => onChange(e.target.files?.[0], e.target)}
        />
      </div>
      <span id={hint} className="muted" aria-live="polite">
        {state.s === 'idle' && t('apply.fileHint')}
        {state.s === 'busy' && t('work.uploading', { percent: state.percent })}
        {state.s === 'ok' && <span data-testid="uploaded">{t('work.uploaded', { name: state.name })}</span>}
        {state.s === 'error' && (
          <span className="error-text" data-testid="upload-error">
            {t('work.uploadFailed', { message: state.message })}
          </span>
        )}
      </span>
      {state.s === 'busy' && (
        <Progress
          percent={state.percent}
          size="small"
          aria-label={t('work.uploading', { percent: state.percent })}
        />
      )}
    </div>
  );
}

/** Opens a protected PDF (bearer token) in a new tab. */
export function ProtectedLink({
  href,
  children,
  download,
}: {
  href: string;
  children: React.ReactNode;
  download?: string;
}) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  return (
    <Button
      type="link"
      className="inline-link"
      onClick={() =>
        void openProtectedFile(href, download).catch((err: unknown) => void message.error(errorText(err)))
      }
    >
      {children}
    </Button>
  );
}

export function NoticeList({ app }: { app: Application }) {
  const { t } = useI18n();
  const date = useDate();
  if (app.notices.length === 0) return null;
  return (
    <section aria-labelledby="notices-title">
      <h2 id="notices-title" className="card-title">
        {t('work.notices')}
      </h2>
      <List
        size="small"
        dataSource={app.notices}
        rowKey="id"
        renderItem={(n) => (
          <List.Item>
            <ProtectedLink href={n.url}>
              <span data-testid={`notice-${n.kind}`}>
                {noticeLabel(n.kind, n.content, t)} {n.number}（PDF）
              </span>
            </ProtectedLink>
            <span className="muted">{date(n.issuedAt)}</span>
          </List.Item>
        )}
      />
    </section>
  );
}

/** Notice kinds (intake's `notice.kind`) and their names; a kind not listed shows the title written in the notice. */
const NOTICE_KIND_LABELS: Readonly<Record<string, MessageKey>> = {
  acceptance: 'work.noticeKind.acceptance',
  refusal: 'work.noticeKind.refusal',
  supplement: 'work.noticeKind.supplement',
  return: 'work.noticeKind.return',
  'approval-decision': 'work.noticeKind.approval-decision',
  'denial-decision': 'work.noticeKind.denial-decision',
};

function noticeLabel(kind: string, content: unknown, t: (key: MessageKey) => string): string {
  const key = NOTICE_KIND_LABELS[kind];
  return key ? t(key) : (noticeTitle(content) ?? t('work.noticeKind.other'));
}

function noticeTitle(content: unknown): string | undefined {
  if (
    typeof content === 'object' &&
    content !== null &&
    'title' in content &&
    typeof content.title === 'string'
  )
    return content.title;
  return undefined;
}

/** The lines of a notice's item list ("材料：问题"). */
export function noticeItems(content: unknown): string[] {
  if (typeof content === 'object' && content !== null && 'items' in content && Array.isArray(content.items)) {
    return content.items.filter((i): i is string => typeof i === 'string');
  }
  return [];
}

/** Where the application is: its service point (服务网点), a pending 代办 handover, the handover done. */
function LocationText({ location }: { location: NonNullable<Application['location']> }) {
  const { t } = useI18n();
  const date = useDate();
  const here = location.servicePoint;
  return (
    <span data-testid="application-location">
      {here ? t('sn.here', { name: here.name }) : t('sn.online')}
      {location.handoverPending && (
        <>
          {' '}
          <Tag color="orange">{t('sn.pending')}</Tag>
        </>
      )}
      {location.handover && (
        <div className="muted">
          {t('sn.handedOver', {
            from: location.handover.from.name,
            to: location.handover.to.name,
            at: date(location.handover.at),
          })}
        </div>
      )}
    </span>
  );
}

/** A timeline entry's status in words; `closing` says what is being confirmed (撤回 / 终止) from its action. */
function timelineLabel(e: Application['timeline'][number]): MessageKey {
  if (e.action === 'handover') return 'sn.timeline.handover';
  if (e.to === 'closing')
    return e.action.startsWith('terminate') ? 'work.closing.terminate' : 'work.closing.withdraw';
  return `status.${e.to}` as MessageKey;
}

export function StatusTimeline({ app }: { app: Application }) {
  const { t } = useI18n();
  const date = useDate();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="card-title">
        {t('work.timeline')}
      </h2>
      <Timeline
        items={app.timeline.map((e) => ({
          color: e.to === 'refused' || e.to === 'terminated' ? 'red' : 'blue',
          content: (
            <>
              <strong>{t(timelineLabel(e))}</strong> <span className="muted">{date(e.at)}</span>
              {e.note && <div className="muted">{e.note}</div>}
            </>
          ),
        }))}
      />
    </section>
  );
}

export function MaterialsView({ app }: { app: Application }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="materials-title">
      <h2 id="materials-title" className="card-title">
        {t('work.materials')}
      </h2>
      <List
        size="small"
        dataSource={app.materials.filter((m) => m.current)}
        rowKey={(m) => `${m.materialId}-${m.round}`}
        renderItem={(m) => (
          <List.Item className="material">
            <strong>{m.name}</strong>
            {m.source === 'upload' && (
              <span>
                {m.files.map((f) => (
                  <Tag key={f.sha256}>
                    {f.name}（{Math.max(1, Math.round(f.size / 1024))} KB）
                  </Tag>
                ))}
              </span>
            )}
            {m.source === 'promise' && (
              <span>
                <Tag color="gold">{t('work.promise')}</Tag>
                {m.promise}
              </span>
            )}
            {m.source === 'licence' && (
              <span>
                <Tag color="green">{t('work.fromLicence')}</Tag>
                {m.licenceIdentifier}
              </span>
            )}
          </List.Item>
        )}
      />
    </section>
  );
}

export function ApplicationFacts({ app }: { app: Application }) {
  const { t } = useI18n();
  const date = useDate();
  const form = formEntries(app.formData, app.formFields, t);
  return (
    <Descriptions
      column={{ xs: 1, sm: 1, md: 2 }}
      bordered
      size="small"
      items={[
        { key: 'no', label: t('work.no'), children: <span data-testid="application-no">{app.no}</span> },
        {
          key: 'status',
          label: t('work.status'),
          children: <StatusTag status={app.status} closing={app.closingAction ?? null} />,
        },
        { key: 'item', label: t('work.item'), children: app.implementation.itemName },
        { key: 'applicant', label: t('work.applicant'), children: app.applicant.name },
        { key: 'received', label: t('work.receivedAt'), children: date(app.dates.receivedAt) },
        ...(app.location
          ? [
              {
                key: 'location',
                label: t('sn.location'),
                children: <LocationText location={app.location} />,
              },
            ]
          : []),
        ...(app.decision
          ? [
              {
                key: 'decision',
                label: t('work.decision'),
                children: (
                  <Tag
                    color={app.decision.outcome === 'approved' ? 'green' : 'red'}
                    data-testid="decision-outcome"
                  >
                    {t(app.decision.outcome === 'approved' ? 'work.decisionApproved' : 'work.decisionDenied')}
                  </Tag>
                ),
              },
              ...(app.decision.reasons
                ? [
                    {
                      key: 'decision-reasons',
                      label: t('work.decisionReasons'),
                      children: <span style={{ whiteSpace: 'pre-line' }}>{app.decision.reasons}</span>,
                    },
                  ]
                : []),
            ]
          : []),
        ...form.map((f) => ({ key: `f-${f.key}`, label: f.label, children: f.text })),
      ]}
    />
  );
}

/**
 * Form data to show: with the item's own 申请表, every field in form order under its label (values as text); with the
 * general form, its known keys. Values of keys the form does not know are left out rather than shown by their key.
 */
export function formEntries(
  data: Record<string, unknown>,
  fields: ReadonlyArray<{ key: string; label: string }> | undefined,
  t: (key: MessageKey) => string,
): Array<{ key: string; label: string; text: string }> {
  const text = (v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (Array.isArray(v)) return v.length ? v.map(String).join('、') : undefined;
    if (typeof v === 'boolean') return v ? '是' : '否';
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  if (fields && fields.length > 0) {
    return fields.flatMap((f) => {
      const v = text(data[f.key]);
      return v === undefined ? [] : [{ key: f.key, label: f.label, text: v }];
    });
  }
  return Object.entries(data).flatMap(([key, v]) => {
    const label = FORM_LABELS[key];
    return typeof v === 'string' && v !== '' && label ? [{ key, label: t(label), text: v }] : [];
  });
}

export const FORM_LABELS: Readonly<Record<string, MessageKey>> = {
  shopName: 'apply.subjectName',
  address: 'apply.address',
  phone: 'apply.phone',
  remark: 'apply.remark',
};
