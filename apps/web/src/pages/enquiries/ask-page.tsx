/**
 * 我要咨询投诉 (/enquiries/ask): a citizen writes a 咨询/投诉/建议/求助 — from an item's guide (`?item=&itemName=&regionName=`),
 * from 我的办件 (`?application=`) or from the home page. On 提交 the hall first shows the answers it already has
 * (问前推荐: the guide's FAQs, materials, fees, time limits, published answers); the citizen closes with 已解决 (counted,
 * nothing personal kept) or sends anyway. Without login only a 咨询 can be sent, answered with a 查询码 shown once.
 * A public page: no antd App context (messages), results and errors are shown in the page.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  List,
  Radio,
  Result,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { REGIONS } from '../../api/catalog-codes.js';
import {
  ENQUIRY_TYPES,
  enquiriesApi,
  type EnquirySuggestion,
  type EnquiryType,
  type SubmitEnquiryBody,
} from '../../api/enquiries.api.js';
import { useAuth } from '../../auth/auth.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { rememberedRegion } from '../region-picker.js';
import { chinaDate, sourceKey, typeKey } from './labels.js';
import { AnonymousFilePicker, AttachmentUpload } from './enquiry-attachments.js';

const ASK_URL = z.object({
  item: z.optional(z.string().check(z.maxLength(64))),
  itemName: z.optional(z.string().check(z.maxLength(200))),
  region: z.optional(z.string().check(z.regex(/^\d{6}$/))),
  regionName: z.optional(z.string().check(z.maxLength(100))),
  application: z.optional(z.string().check(z.maxLength(40))),
  type: z.optional(z.enum(ENQUIRY_TYPES)),
});

interface AskForm {
  type: EnquiryType;
  regionCode: string;
  subject: string;
  text: string;
  contactWay: 'online' | 'phone';
  contactPhone?: string;
  public: boolean;
  attachmentIds?: string[];
  /** An anonymous 咨询's files, sent with it. */
  files?: File[];
}

type Phase =
  | { kind: 'edit' }
  | { kind: 'suggest'; values: AskForm; items: readonly EnquirySuggestion[] }
  | { kind: 'deflected' }
  | { kind: 'sent'; no: string; dueBy: string; queryCode?: string };

const SIX_DIGITS = /^\d{6}$/;

export function AskEnquiryPage() {
  const { t, locale } = useI18n();
  const { user, login } = useAuth();
  const [url] = useSearchParamsSchema(ASK_URL);
  const [form] = Form.useForm<AskForm>();
  const contactWay = Form.useWatch('contactWay', form);
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const signedIn = user !== null;

  const userRegion = user?.region && SIX_DIGITS.test(user.region) ? user.region : undefined;
  const namedRegion = url.regionName ? REGIONS.find((r) => r.zh === url.regionName)?.code : undefined;
  const initialRegion = url.region ?? namedRegion ?? rememberedRegion() ?? userRegion;
  const regionOptions = REGIONS.map((r) => ({ value: r.code, label: locale === 'en-US' ? r.en : r.zh }));

  const toBody = (v: AskForm): SubmitEnquiryBody => ({
    type: signedIn ? v.type : 'consultation',
    subject: v.subject.trim(),
    text: v.text.trim(),
    regionCode: v.regionCode,
    public: v.public,
    ...(url.item ? { implementationCode: url.item } : {}),
    ...(url.application && signedIn ? { applicationNo: url.application } : {}),
    ...(v.contactWay === 'phone' && v.contactPhone ? { contactPhone: v.contactPhone.trim() } : {}),
    ...(signedIn && v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
  });

  const send = async (v: AskForm) => {
    setBusy(true);
    setError(null);
    try {
      const receipt =
        !signedIn && v.files?.length
          ? await enquiriesApi.submitAnonymousWithFiles(toBody(v), v.files)
          : await enquiriesApi.submit(toBody(v), signedIn);
      setPhase({ kind: 'sent', ...receipt });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const next = async (v: AskForm) => {
    setBusy(true);
    setError(null);
    let items: readonly EnquirySuggestion[] = [];
    try {
      const q = `${v.subject.trim()} ${v.text.trim()}`.slice(0, 200);
      items = (
        await enquiriesApi.suggestions({
          q,
          regionCode: v.regionCode,
          ...(url.item ? { implementationCode: url.item } : {}),
        })
      ).items;
    } catch {
      // No suggestions (the lookup failed): the question is sent as it is.
    } finally {
      setBusy(false);
    }
    if (items.length > 0) setPhase({ kind: 'suggest', values: v, items });
    else await send(v);
  };

  const resolved = async (s: EnquirySuggestion) => {
    if (phase.kind !== 'suggest') return;
    const v = phase.values;
    setBusy(true);
    try {
      await enquiriesApi.deflect({
        type: signedIn ? v.type : 'consultation',
        regionCode: v.regionCode,
        source: s.source,
        ...(url.item ? { implementationCode: url.item } : {}),
      });
    } catch {
      // Counting is best effort: the citizen's question is answered either way.
    } finally {
      setBusy(false);
    }
    setPhase({ kind: 'deflected' });
  };

  if (phase.kind === 'deflected')
    return (
      <div className="page enquiry-ask-page">
        <Result
          status="success"
          title={t('enq.deflected')}
          extra={
            <Link to="/enquiries">
              <Button>{t('nav.enquiries')}</Button>
            </Link>
          }
        />
      </div>
    );

  if (phase.kind === 'sent')
    return (
      <div className="page enquiry-ask-page">
        <Result
          status="success"
          title={t('enq.sentTitle')}
          subTitle={
            <>
              <div data-testid="enquiry-no">
                {t('enq.no')}：{phase.no}
              </div>
              <div>{t('enq.sentDue', { date: chinaDate(phase.dueBy) })}</div>
            </>
          }
          extra={
            <Space wrap>
              {signedIn && (
                <Link to="/me/enquiries">
                  <Button type="primary">{t('enq.toMine')}</Button>
                </Link>
              )}
              {phase.queryCode && (
                <Link to={`/enquiries/lookup?no=${encodeURIComponent(phase.no)}`}>
                  <Button type="primary">{t('enq.lookup')}</Button>
                </Link>
              )}
              <Button
                onClick={() => {
                  form.resetFields();
                  setPhase({ kind: 'edit' });
                }}
              >
                {t('enq.askAgain')}
              </Button>
            </Space>
          }
        />
        {phase.queryCode && (
          <Alert
            type="warning"
            showIcon
            message={
              <span data-testid="enquiry-query-code">
                {t('enq.queryCode')}：<strong>{phase.queryCode}</strong>
              </span>
            }
            description={t('enq.queryCodeHint')}
          />
        )}
      </div>
    );

  return (
    <div className="page enquiry-ask-page">
      <Typography.Title level={1} className="page-title">
        {t('enq.askTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('enq.askIntro')}</Typography.Paragraph>
      {url.itemName && (
        <Typography.Paragraph>
          <Tag color="blue">{t('enq.askAboutItem', { name: url.itemName })}</Tag>
        </Typography.Paragraph>
      )}
      {url.application && signedIn && (
        <Typography.Paragraph>
          <Tag color="blue">{t('enq.askAboutApplication', { no: url.application })}</Tag>
        </Typography.Paragraph>
      )}
      {!signedIn && (
        <Alert
          type="info"
          showIcon
          message={t('enq.anonymousNote')}
          action={
            <Button
              size="small"
              onClick={() => void login(window.location.pathname + window.location.search)}
            >
              {t('enq.login')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Form<AskForm>
        form={form}
        name="enquiry"
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{
          type: url.type && signedIn ? url.type : 'consultation',
          contactWay: 'online',
          public: false,
          ...(initialRegion ? { regionCode: initialRegion } : {}),
        }}
        onValuesChange={() => {
          if (phase.kind === 'suggest') setPhase({ kind: 'edit' });
        }}
        onFinish={(v) => void next(v)}
      >
        <Form.Item name="type" label={t('enq.typeLabel')}>
          <Radio.Group
            options={ENQUIRY_TYPES.map((type) => ({
              value: type,
              label: t(typeKey(type)),
              disabled: !signedIn && type !== 'consultation',
            }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('enq.region')}
          rules={[{ required: true, message: t('enq.regionRequired') }]}
        >
          <Select options={regionOptions} placeholder={t('enq.region')} />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('enq.subject')}
          rules={[{ required: true, whitespace: true, message: t('enq.subjectRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('enq.text')}
          extra={t('enq.textHelp')}
          rules={[{ required: true, whitespace: true, message: t('enq.textRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>
        <Form.Item name="contactWay" label={t('enq.contactWay')}>
          <Radio.Group
            options={[
              { value: 'online', label: t('enq.contact.online') },
              { value: 'phone', label: t('enq.contact.phone') },
            ]}
          />
        </Form.Item>
        {contactWay === 'phone' && (
          <Form.Item
            name="contactPhone"
            label={t('enq.phone')}
            rules={[{ required: true, pattern: /^1\d{10}$/, message: t('enq.phoneRequired') }]}
          >
            <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
          </Form.Item>
        )}
        {signedIn ? (
          <Form.Item name="attachmentIds" label={t('enq.attachments')} extra={t('enq.attachmentsHelp')}>
            <AttachmentUpload />
          </Form.Item>
        ) : (
          <Form.Item name="files" label={t('enq.attachments')} extra={t('enq.anonAttachmentsHelp')}>
            <AnonymousFilePicker />
          </Form.Item>
        )}
        <Form.Item name="public" valuePropName="checked" extra={t('enq.publicHelp')}>
          <Checkbox>{t('enq.public')}</Checkbox>
        </Form.Item>
        {phase.kind === 'edit' && (
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('enq.next')}
          </Button>
        )}
      </Form>

      {phase.kind === 'suggest' && (
        <Card
          className="enquiry-suggestions"
          title={t('enq.suggestTitle')}
          style={{ marginTop: 16, maxWidth: 720 }}
          aria-live="polite"
        >
          <Typography.Paragraph type="secondary">{t('enq.suggestHint')}</Typography.Paragraph>
          <List
            dataSource={[...phase.items]}
            renderItem={(s, i) => (
              <List.Item
                key={i}
                className="enquiry-suggestion"
                actions={[
                  <Button key="resolved" size="small" onClick={() => void resolved(s)} disabled={busy}>
                    {t('enq.resolved')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{t(sourceKey(s.source))}</Tag>
                      <span>{s.title}</span>
                    </Space>
                  }
                  description={
                    <>
                      <div style={{ whiteSpace: 'pre-line' }}>{s.text}</div>
                      {s.itemName && (
                        <Typography.Text type="secondary">
                          {t('enq.fromItem', { name: s.itemName })}
                        </Typography.Text>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
          <Button type="primary" loading={busy} onClick={() => void send(phase.values)}>
            {t('enq.sendAnyway')}
          </Button>
        </Card>
      )}
    </div>
  );
}
