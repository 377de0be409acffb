/** The facts, question, answers and history of one enquiry, as its asker and the staff see them. */
import { Descriptions, Steps, Tag, Typography } from 'antd';
import { DEPARTMENTS, nameOf } from '../../api/catalog-codes.js';
import type { EnquiryView } from '../../api/enquiries.api.js';
import { useI18n } from '../../i18n/i18n.js';
import { AttachmentList } from './enquiry-attachments.js';
import { chinaDate, chinaDateTime, ratingKey, STATUS_COLOR, statusKey, stepKey, typeKey } from './labels.js';

/** `code`: the anonymous asker's 查询码 (their downloads need it). */
export function EnquiryDetails({ e, code }: { e: EnquiryView; code?: string }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
        <Descriptions.Item label={t('enq.no')}>{e.no}</Descriptions.Item>
        <Descriptions.Item label={t('enq.typeLabel')}>
          <Tag>{t(typeKey(e.type))}</Tag>
          <Tag color={STATUS_COLOR[e.status]}>{t(statusKey(e.status))}</Tag>
          {e.overdue && <Tag color="red">{t('enq.overdue')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('enq.createdAt')}>{chinaDateTime(e.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('enq.dueBy')}>{chinaDate(e.dueBy)}</Descriptions.Item>
        {e.departmentCode && (
          <Descriptions.Item label={t('enq.department')}>
            {nameOf(DEPARTMENTS, e.departmentCode, locale)}
          </Descriptions.Item>
        )}
        {e.applicationNo && (
          <Descriptions.Item label={t('enq.application')}>{e.applicationNo}</Descriptions.Item>
        )}
        {e.extension && (
          <Descriptions.Item label={t('enq.extension')}>
            {t(`enq.extension.${e.extension.status}`, { days: e.extension.days })}
            {e.extension.reason ? ` · ${e.extension.reason}` : ''}
            {e.extension.note ? ` · ${e.extension.note}` : ''}
          </Descriptions.Item>
        )}
        {e.transfers > 0 && (
          <Descriptions.Item label={t('enq.step.transferred')}>
            {t('enq.transfers', { n: e.transfers })}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
        {t('enq.question')}
      </Typography.Title>
      <Typography.Paragraph strong>{e.subject}</Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.text}</Typography.Paragraph>
      {e.answer !== null && (
        <section className="enquiry-answer">
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('enq.answer')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.answer}</Typography.Paragraph>
          {e.answeredAt && (
            <Typography.Text type="secondary">
              {t('enq.answeredAt')} {chinaDateTime(e.answeredAt)}
            </Typography.Text>
          )}
        </section>
      )}
      {e.followUp !== null && (
        <section>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
            {t('enq.followUp')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.followUp}</Typography.Paragraph>
          {e.followUpAnswer !== null && (
            <>
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t('enq.followUpAnswer')}
              </Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>
                {e.followUpAnswer}
              </Typography.Paragraph>
            </>
          )}
        </section>
      )}
      {e.reviewDecision !== null && (
        <section className="enquiry-review">
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
            {t('enq.reviewResult')}
          </Typography.Title>
          <Typography.Paragraph strong>
            {t(e.reviewDecision === 'upheld' ? 'enq.reviewUpheld' : 'enq.reviewReturned')}
          </Typography.Paragraph>
          {e.reviewNote && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.reviewNote}</Typography.Paragraph>
          )}
          {e.reAnswer !== null && (
            <>
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t('enq.reAnswer')}
              </Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{e.reAnswer}</Typography.Paragraph>
            </>
          )}
        </section>
      )}
      <AttachmentList e={e} {...(code === undefined ? {} : { code })} />
      {e.rating && (
        <Typography.Paragraph>{t('enq.yourRating', { rating: t(ratingKey(e.rating)) })}</Typography.Paragraph>
      )}
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
        {t('enq.history')}
      </Typography.Title>
      <Steps
        direction="vertical"
        size="small"
        current={e.steps.length - 1}
        items={e.steps.map((s) => ({
          title: t(stepKey(s.kind)),
          description: [
            chinaDateTime(s.at),
            s.actorName,
            s.departmentCode ? nameOf(DEPARTMENTS, s.departmentCode, locale) : null,
            s.note,
          ]
            .filter(Boolean)
            .join(' · '),
        }))}
      />
    </>
  );
}
