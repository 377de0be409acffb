/**
 * Attachments of an enquiry: uploading them (the asker with the question, the department with the answer) through
 * intake's material upload (`POST /api/intake/files`: PDF/JPEG/PNG by their bytes, ≤ 10 MiB), and the list with
 * download buttons (the asker, the handling department and the dispatcher may open them).
 */
import { Button, List, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { openProtectedFile } from '../../api/http.js';
import { intakeApi } from '../../api/intake.api.js';
import type { EnquiryView } from '../../api/enquiries.api.js';
import { useErrorText } from '../../components/error-alert.js';
import { useI18n } from '../../i18n/i18n.js';

export const MAX_ATTACHMENTS = 5;
/** An anonymous 咨询: files per request (the service's ENQUIRY_ANON_MAX_FILES default) and the size of each. */
export const MAX_ANONYMOUS_ATTACHMENTS = 3;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * A form control for an anonymous 咨询: files picked here are kept in the browser and sent with the question in one
 * request (`value` / `onChange`: the File objects). Too large a file is refused here already; the service decides
 * the type from the bytes.
 */
export function AnonymousFilePicker({ onChange }: { value?: File[]; onChange?: (files: File[]) => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const publish = (next: UploadFile[]) => {
    setFiles(next);
    onChange?.(next.flatMap((f) => (f.originFileObj ? [f.originFileObj] : [])));
  };
  return (
    <>
      <Upload
        fileList={files}
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        multiple
        beforeUpload={(file) => {
          setError(null);
          if (file.size > MAX_FILE_BYTES) {
            setError(t('enq.anonFileTooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return false; // kept here, sent with the question
        }}
        onRemove={(f) => publish(files.filter((x) => x.uid !== f.uid))}
        onChange={({ fileList }) => {
          if (fileList.length > MAX_ANONYMOUS_ATTACHMENTS) setError(t('enq.anonFilesTooMany'));
          publish(fileList.slice(0, MAX_ANONYMOUS_ATTACHMENTS));
        }}
      >
        {files.length < MAX_ANONYMOUS_ATTACHMENTS && <Button>{t('enq.attachmentAdd')}</Button>}
      </Upload>
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </>
  );
}

/** A form control: the ids of the files uploaded so far (antd Form.Item `value` / `onChange`). */
export function AttachmentUpload({ onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const [error, setError] = useState<string | null>(null);
  const publish = (next: UploadFile<{ id: string }>[]) => {
    setFiles(next);
    onChange?.(next.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])));
  };
  return (
    <>
      <Upload<{ id: string }>
        fileList={files}
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        maxCount={MAX_ATTACHMENTS}
        onRemove={(f) => publish(files.filter((x) => x.uid !== f.uid))}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          setError(null);
          intakeApi
            .upload(file as File, (percent) => onProgress?.({ percent }))
            .then((r) => onSuccess?.({ id: r.id }))
            .catch((err: unknown) => {
              setError(errorText(err));
              onError?.(err instanceof Error ? err : new Error('upload failed'));
            });
        }}
        onChange={({ fileList }) => publish(fileList.filter((f) => f.status !== 'error'))}
      >
        {files.length < MAX_ATTACHMENTS && <Button>{t('enq.attachmentAdd')}</Button>}
      </Upload>
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </>
  );
}

/**
 * The enquiry's attachments with their download buttons; nothing when there are none. `code`: the anonymous
 * asker's 查询码, sent with each download (the public route answers 404 without it).
 */
export function AttachmentList({ e, code }: { e: EnquiryView; code?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  if (e.attachments.length === 0) return null;
  return (
    <section className="enquiry-attachments">
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
        {t('enq.attachments')}
      </Typography.Title>
      <List
        size="small"
        dataSource={e.attachments}
        renderItem={(f) => (
          <List.Item key={f.id}>
            <Button
              type="link"
              style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }}
              onClick={() => {
                setError(null);
                const url = code === undefined ? f.url : `${f.url}?code=${encodeURIComponent(code)}`;
                openProtectedFile(url, f.name).catch((err: unknown) => setError(errorText(err)));
              }}
            >
              {f.name}
            </Button>
            <Typography.Text type="secondary">{t(`enq.attachmentFrom.${f.from}`)}</Typography.Text>
          </List.Item>
        )}
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </section>
  );
}
