import { Button, Form } from 'antd';
// The plain input alone: antd's Input index brings Search, Password, OTP and TextArea along (issue 23 #7).
import Input from 'antd/es/input/Input.js';
import { Suspense, lazy, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, isAbort, isRouteMissing } from '../api/http.js';
import { LICENCE_IDENTIFIER, licenceApi, type VerifyAnswer } from '../api/licence.api.js';
import { PlainTabs } from '../components/plain-tabs.js';
import { useI18n } from '../i18n/i18n.js';
import { PageLoading } from '../layout/lazy-page.js';
import type { VerifyOutcome } from './verify-answer.js';

const VerifyOutcomeView = lazy(async () => ({
  default: (await import('./verify-answer.js')).VerifyOutcomeView,
}));

type State = { s: 'idle' } | VerifyOutcome;

/** Reads a QR code from a picture in the browser (jsQR, loaded on demand). */
async function decodeQr(file: File): Promise<string | null> {
  const { default: jsQR } = await import('jsqr');
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(bitmap, 0, 0, w, h);
  const image = ctx.getImageData(0, 0, w, h);
  return jsQR(image.data, w, h)?.data ?? null;
}

/** 电子证照核验 (public): by identifier, or by the QR code printed on the licence. */
export function VerifyPage() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ s: 'idle' });
  const inflight = useRef<AbortController | null>(null);
  const fileId = useId();
  const hintId = useId();
  const [search] = useSearchParams();
  const linked = search.get('identifier') ?? undefined;
  // The page's own form store: what was typed stays when the visitor looks at the QR tab and comes back.
  const [form] = Form.useForm<{ identifier: string }>();

  const run = (call: (signal: AbortSignal) => Promise<VerifyAnswer>) => {
    inflight.current?.abort();
    const ctrl = new AbortController();
    inflight.current = ctrl;
    setState({ s: 'busy', what: 'verify' });
    call(ctrl.signal).then(
      (data) => setState({ s: 'ok', data }),
      (error: unknown) => {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.status === 404 && !isRouteMissing(error))
          setState({ s: 'notFound' });
        else setState({ s: 'error', error });
      },
    );
  };

  // A link from the wallet (/verify?identifier=…) verifies at once.
  useEffect(() => {
    if (linked && LICENCE_IDENTIFIER.test(linked))
      run((signal) => licenceApi.verifyIdentifier(linked, signal));
    // run only when the linked identifier changes
  }, [linked]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setState({ s: 'busy', what: 'decode' });
    try {
      const payload = await decodeQr(file);
      if (payload === null) setState({ s: 'noQr' });
      else run((signal) => licenceApi.verifyPayload(payload, signal));
    } catch {
      setState({ s: 'noQr' });
    }
  };

  return (
    <div className="page narrow">
      <h1 className="page-title">{t('verify.title')}</h1>
      <section className="plain-card">
        <p>{t('verify.intro')}</p>
        <PlainTabs
          items={[
            {
              key: 'id',
              label: t('verify.byId'),
              children: (
                <Form<{ identifier: string }>
                  form={form}
                  layout="vertical"
                  initialValues={{ identifier: linked ?? '' }}
                  onFinish={(v) => run((signal) => licenceApi.verifyIdentifier(v.identifier.trim(), signal))}
                >
                  <Form.Item
                    name="identifier"
                    label={t('verify.identifier')}
                    rules={[
                      { required: true, whitespace: true, message: t('verify.identifierRequired') },
                      { pattern: LICENCE_IDENTIFIER, message: t('verify.identifierInvalid') },
                    ]}
                  >
                    <Input
                      placeholder={t('verify.identifierPlaceholder')}
                      maxLength={80}
                      autoComplete="off"
                      spellCheck={false}
                    />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={state.s === 'busy'}>
                    {t('common.query')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'qr',
              label: t('verify.byQr'),
              children: (
                <div className="qr-upload">
                  <label htmlFor={fileId}>{t('verify.upload')}</label>
                  <input
                    id={fileId}
                    type="file"
                    accept="image/png,image/jpeg,image/webp"
                    aria-describedby={hintId}
                    onChange={(e) => void onFile(e.target.files?.[0])}
                  />
                  <p id={hintId} className="muted">
                    {t('verify.uploadHint')}
                  </p>
                </div>
              ),
            },
          ]}
        />
      </section>
      <section aria-live="polite" className="result-area">
        {state.s !== 'idle' && (
          <Suspense fallback={<PageLoading />}>
            <VerifyOutcomeView outcome={state} />
          </Suspense>
        )}
      </section>
    </div>
  );
}
