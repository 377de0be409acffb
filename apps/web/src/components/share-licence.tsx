/** 证照共享授权: the holder authorises one licence for one application (免提交) until a date; the grant can be withdrawn. */
import { Alert, App, Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { LicenceView } from '../api/licence.api.js';
import { sharesApi, type ShareGrant } from '../api/shares.api.js';
import { useI18n } from '../i18n/i18n.js';
import { useErrorText } from './error-alert.js';
import { useDate } from './work.js';

interface ShareForm {
  applicationNo: string;
  days: number;
}

export function ShareLicenceButton({ licence }: { licence: LicenceView }) {
  const { t } = useI18n();
  const date = useDate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [grant, setGrant] = useState<ShareGrant | null>(null);
  const [form] = Form.useForm<ShareForm>();
  const close = () => {
    setOpen(false);
    setError(null);
    setGrant(null);
    form.resetFields();
  };
  const create = async (v: ShareForm) => {
    setBusy(true);
    setError(null);
    try {
      const expiresAt = new Date(Date.now() + v.days * 24 * 3600 * 1000 - 60_000).toISOString();
      setGrant(await sharesApi.create(licence.identifier, v.applicationNo.trim(), expiresAt));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async () => {
    if (!grant) return;
    setBusy(true);
    try {
      await sharesApi.revoke(grant.shareId);
      void message.success(t('share.revoked'));
      close();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        type="link"
        className="inline-link"
        disabled={licence.status !== 'valid'}
        onClick={() => setOpen(true)}
      >
        {t('share.open')}
      </Button>
      <Modal
        open={open}
        title={t('share.title', { name: licence.name })}
        onCancel={close}
        footer={null}
        destroyOnHidden
      >
        {grant ? (
          <div data-testid="share-grant">
            <Alert type="success" showIcon title={t('share.created')} />
            <dl className="material-facts top-gap">
              <dt>{t('share.id')}</dt>
              <dd>
                <Typography.Text copyable className="break-all">
                  {grant.shareId}
                </Typography.Text>
              </dd>
              <dt>{t('work.no')}</dt>
              <dd>{grant.applicationNo}</dd>
              <dt>{t('share.expiresAt')}</dt>
              <dd>{date(grant.expiresAt)}</dd>
              <dt>{t('share.watermark')}</dt>
              <dd>{grant.watermark}</dd>
            </dl>
            <div className="button-row">
              <Button danger loading={busy} onClick={() => void revoke()}>
                {t('share.revoke')}
              </Button>
              <Button onClick={close}>{t('share.close')}</Button>
            </div>
          </div>
        ) : (
          <Form<ShareForm>
            form={form}
            layout="vertical"
            initialValues={{ days: 30 }}
            onFinish={(v) => void create(v)}
          >
            <p>{t('share.intro')}</p>
            <Form.Item
              name="applicationNo"
              label={t('share.applicationNo')}
              rules={[
                {
                  required: true,
                  pattern: /^\s*\d{20}[0-9A-Z]\s*$/,
                  message: t('share.applicationNoInvalid'),
                },
              ]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item name="days" label={t('share.days')} rules={[{ required: true }]}>
              <InputNumber min={1} max={90} />
            </Form.Item>
            {error && (
              <Alert type="error" showIcon role="alert" title={t('common.error')} description={error} />
            )}
            <Button type="primary" htmlType="submit" loading={busy} className="top-gap">
              {t('share.submit')}
            </Button>
          </Form>
        )}
      </Modal>
    </>
  );
}
