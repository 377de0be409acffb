/** 我的办件 detail (/me/applications/:no): timeline and notices, supplement, withdraw, delivery, rating. */
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { intakeApi, type Application, type DeliveryChoice } from '../../api/intake.api.js';
import { ApplicationSteps, DueLine } from '../../components/application-progress.js';
import { useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { ApplicationLoadError } from '../../components/not-found-state.js';
import { MaterialViewer } from '../../components/material-viewer.js';
import { RATABLE_STATUSES, RatingCard } from '../../components/rating-card.js';
import { ReturnAnswer, SupplementAnswer } from '../../components/supplement-answer.js';
import { ApplicationFacts, NoticeList, StatusTimeline } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { ApplicationNoRoute } from '../../components/url-schema.js';
import { useParamsSchema } from '../../components/use-url-params.js';

export function MyApplicationPage() {
  const { no } = useParamsSchema(ApplicationNoRoute);
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => intakeApi.get(no, signal), [no]);
  if (state.status === 'loading') return <Skeleton active className="page" />;
  if (state.status === 'error')
    return <ApplicationLoadError error={state.error} onRetry={reload} back="/me/applications" />;
  const app = state.data;
  return (
    <div className="page">
      <Link to="/me/applications">{t('work.back')}</Link>
      <Typography.Title level={1} className="page-title">
        {app.implementation.itemName}
      </Typography.Title>
      <p>
        <Link
          to={`/enquiries/ask?${new URLSearchParams({
            application: app.no,
            item: app.implementation.code,
            itemName: app.implementation.itemName,
            region: app.implementation.regionCode,
          }).toString()}`}
        >
          {t('enq.askFromApplication')}
        </Link>
      </p>
      <Card>
        <ApplicationSteps status={app.status} accepted={app.dates.acceptedAt !== null} />
        <p className="top-gap">
          <DueLine
            status={app.status}
            promisedLimitDays={app.implementation.promisedLimitDays}
            dueBy={app.dates.dueBy}
            provisional={app.dates.dueByProvisional}
          />
        </p>
        <ApplicationFacts app={app} />
        {app.queryCode && (
          <p className="query-code" data-testid="query-code">
            {t('work.queryCode')}：<strong>{app.queryCode}</strong>
            <br />
            <Typography.Text type="secondary">{t('work.queryCodeHint')}</Typography.Text>
          </p>
        )}
        {app.delivery.pickupCode && ['completed', 'decided'].includes(app.status) && (
          <p className="pickup" data-testid="pickup-code">
            {t('work.pickupCode')}：<strong>{app.delivery.pickupCode}</strong>
          </p>
        )}
      </Card>
      {app.status === 'supplement-requested' && <SupplementAnswer app={app} onDone={reload} />}
      {app.status === 'returned' && <ReturnAnswer app={app} onDone={reload} />}
      {app.status === 'closing' && (
        <Alert
          type="info"
          showIcon
          data-testid="closing-notice"
          title={t(app.closingAction === 'terminate' ? 'work.closing.terminate' : 'work.closing.withdraw')}
          description={t(
            app.closingAction === 'terminate' ? 'work.closingHint.terminate' : 'work.closingHint.withdraw',
          )}
        />
      )}
      <Card>
        <MaterialViewer app={app} />
      </Card>
      {RATABLE_STATUSES.includes(app.status) && <RatingCard app={app} />}
      <Card>
        <NoticeList app={app} />
        <StatusTimeline app={app} />
      </Card>
      <ApplicantActions app={app} onDone={reload} />
    </div>
  );
}

/** The delivery method a stored or chosen value names (window pickup when it names none of them). */
function deliveryMethodOf(value: string): DeliveryChoice['method'] {
  return value === 'post' || value === 'electronic' ? value : 'window';
}

function ApplicantActions({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<DeliveryChoice['method']>(deliveryMethodOf(app.delivery.method));
  const [post, setPost] = useState({ recipient: '', phone: '', address: '' });
  const canWithdraw = app.allowedActions.includes('withdraw');
  const canChoose = app.allowedActions.includes('choose-delivery');
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('work.done'));
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  if (!canWithdraw && !canChoose) return null;
  return (
    <Card>
      {canChoose && (
        <Form
          layout="vertical"
          onFinish={() =>
            void run(() =>
              intakeApi.act(app.no, 'delivery', method === 'post' ? { method, address: post } : { method }),
            )
          }
        >
          <Form.Item label={t('work.delivery')}>
            <Radio.Group
              aria-label={t('work.delivery')}
              value={method}
              onChange={(e) => setMethod(deliveryMethodOf(String(e.target.value)))}
              options={[
                { value: 'window', label: t('work.deliveryWindow') },
                { value: 'post', label: t('work.deliveryPost') },
                { value: 'electronic', label: t('work.deliveryElectronic') },
              ]}
            />
          </Form.Item>
          {method === 'post' && (
            <>
              <Form.Item label={t('work.recipient')} required>
                <Input
                  value={post.recipient}
                  onChange={(e) => setPost({ ...post, recipient: e.target.value })}
                  maxLength={100}
                />
              </Form.Item>
              <Form.Item label={t('work.phone')} required>
                <Input
                  value={post.phone}
                  onChange={(e) => setPost({ ...post, phone: e.target.value })}
                  maxLength={30}
                  inputMode="tel"
                />
              </Form.Item>
              <Form.Item label={t('work.address')} required>
                <Input
                  value={post.address}
                  onChange={(e) => setPost({ ...post, address: e.target.value })}
                  maxLength={500}
                />
              </Form.Item>
            </>
          )}
          <Button htmlType="submit">{t('work.saveDelivery')}</Button>
        </Form>
      )}
      {canWithdraw && (
        <div className="top-gap">
          <Button danger onClick={() => setWithdrawOpen(true)}>
            {t('work.withdraw')}
          </Button>
          <Modal
            open={withdrawOpen}
            title={t('work.withdraw')}
            okButtonProps={{ danger: true }}
            okText={t('work.withdraw')}
            onCancel={() => setWithdrawOpen(false)}
            onOk={() =>
              void run(() => intakeApi.act(app.no, 'withdraw', { reason })).finally(() =>
                setWithdrawOpen(false),
              )
            }
          >
            <p>{t('work.withdrawConfirm')}</p>
            {(app.status === 'accepted' || app.status === 'returned') && (
              <p data-testid="withdraw-after-acceptance">{t('work.withdrawConfirmAccepted')}</p>
            )}
            <Input.TextArea
              aria-label={t('work.withdrawReason')}
              placeholder={t('work.withdrawReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
            />
          </Modal>
        </div>
      )}
    </Card>
  );
}
