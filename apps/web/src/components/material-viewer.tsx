/** 材料查看: every current material of an application, each uploaded file previewed inline (PDF in a frame, images as pictures). */
import { Button, Empty, List, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { isAbort } from '../api/http.js';
import type { Application, ApplicationMaterial, FileRef } from '../api/intake.api.js';
import { fetchProtectedBlob, materialFilePath } from '../api/material-files.api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';

const fileIdOf = (f: FileRef) => f.fileId ?? '';

/** One file shown inline: fetched with the token, shown from an object URL (revoked when closed). */
export function InlineFile({ no, file }: { no: string; file: FileRef }) {
  const { t } = useI18n();
  const [state, setState] = useState<
    { s: 'loading' } | { s: 'ok'; url: string } | { s: 'error'; error: unknown }
  >({ s: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    let url: string | undefined;
    setState({ s: 'loading' });
    fetchProtectedBlob(materialFilePath(no, fileIdOf(file)), ctrl.signal).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setState({ s: 'ok', url });
      },
      (error: unknown) => !isAbort(error) && setState({ s: 'error', error }),
    );
    return () => {
      ctrl.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [no, file, attempt]);
  if (state.s === 'loading')
    return (
      <p className="muted" aria-live="polite">
        <Spin size="small" /> {t('viewer.loading', { name: file.name })}
      </p>
    );
  if (state.s === 'error')
    return (
      <ErrorAlert
        error={state.error}
        onRetry={() => setAttempt((n) => n + 1)}
        title={t('viewer.failed', { name: file.name })}
      />
    );
  const title = t('viewer.previewOf', { name: file.name });
  return (
    <div className="file-preview" data-testid="file-preview">
      {file.contentType.startsWith('image/') ? (
        <img src={state.url} alt={title} className="file-preview-image" />
      ) : (
        <iframe src={state.url} title={title} className="file-preview-frame" />
      )}
      <a href={state.url} target="_blank" rel="noopener" download={file.name}>
        {t('viewer.download', { name: file.name })}
      </a>
    </div>
  );
}

/** A file tag with a 预览/收起 toggle for the inline view. */
export function FileToggle({ no, file }: { no: string; file: FileRef }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="file-toggle">
      <Tag>
        {file.name}（{Math.max(1, Math.round(file.size / 1024))} KB）
      </Tag>
      <Button size="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('viewer.hide', { name: file.name }) : t('viewer.show', { name: file.name })}
      </Button>
      {open && <InlineFile no={no} file={file} />}
    </div>
  );
}

function MaterialBody({ no, m }: { no: string; m: ApplicationMaterial }) {
  const { t } = useI18n();
  if (m.source === 'promise')
    return (
      <span>
        <Tag color="gold">{t('work.promise')}</Tag>
        {m.promise}
      </span>
    );
  if (m.source === 'licence')
    return (
      <span className="break-all">
        <Tag color="green">{t('work.fromLicence')}</Tag>
        {m.licenceIdentifier}
      </span>
    );
  return (
    <div>
      {m.files.map((f) => (
        <FileToggle key={fileIdOf(f) || f.sha256} no={no} file={f} />
      ))}
    </div>
  );
}

/** The application's current materials with inline previews (window desk and applicant). */
export function MaterialViewer({ app }: { app: Application }) {
  const { t } = useI18n();
  const current = app.materials.filter((m) => m.current);
  return (
    <section aria-labelledby="materials-title">
      <h2 id="materials-title" className="card-title">
        {t('work.materials')}
      </h2>
      {current.length === 0 ? (
        <Empty description={t('viewer.none')} />
      ) : (
        <List
          size="small"
          dataSource={current}
          rowKey={(m) => `${m.materialId}-${m.round}`}
          renderItem={(m) => (
            <List.Item className="material viewer-material" data-material={m.materialId}>
              <div className="viewer-material-body">
                <strong>{m.name}</strong>
                {app.missingMaterialIds.includes(m.materialId) && (
                  <Tag color="orange">{t('viewer.missing')}</Tag>
                )}
                <MaterialBody no={app.no} m={m} />
              </div>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
