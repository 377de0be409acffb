/**
 * 政府信息公开指南 of one agency (/disclosure/agencies/:department/guide), public: how its information is classified
 * and numbered, how to obtain it, how to file a 依申请公开 request (where, how, the time limits, fees) and the
 * remedies, with the disclosure office's address, hours and phone. Text from the agency's record on the server.
 * Plain headings and paragraphs (no antd Typography: it brings the editable text area along), within the public
 * pages' script budget.
 */
import { Descriptions, Space, Tag } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { disclosureApi, type AgencyGuide } from '../../api/disclosure.api.js';
import { LazyErrorAlert } from '../../components/lazy-error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { PageLoading } from '../../layout/lazy-page.js';
import { areaKey, categoryKey } from './labels.js';

const GUIDE_PARAMS = z.object({ department: z._default(z.string(), '') });

const H2 = { fontSize: 20, fontWeight: 600, margin: '24px 0 8px' } as const;
const H3 = { fontSize: 16, fontWeight: 600, margin: '16px 0 8px' } as const;

const channelKey = (c: 'online' | 'in-person' | 'post'): MessageKey => `disg.channel.${c}`;

export function DisclosureGuidePage() {
  const { t } = useI18n();
  const { department } = useParamsSchema(GUIDE_PARAMS);
  const [state, reload] = useAsync((signal) => disclosureApi.guide(department, signal), [department]);
  return (
    <div className="page disclosure-guide-page">
      <Link to="/disclosure">{t('disg.back')}</Link>
      {state.status === 'error' && <LazyErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'loading' && <PageLoading />}
      {state.status === 'ok' && <Guide g={state.data} />}
    </div>
  );
}

function Guide({ g }: { g: AgencyGuide }) {
  const { t } = useI18n();
  return (
    <>
      <h1 className="page-title">{t('disg.title', { agency: g.departmentName })}</h1>
      <p className="guide-meta">
        {t('disg.editedOn', { date: g.editedOn })} ·{' '}
        <Link to={`/disclosure?agency=${encodeURIComponent(g.departmentCode)}`}>
          {t('disg.catalogue', { agency: g.departmentName })}
        </Link>
      </p>

      <h2 style={H2}>{t('disg.proactive')}</h2>
      <h3 style={H3}>{t('disg.scheme')}</h3>
      <p>
        {t('disg.schemeText', {
          pattern: g.scheme.indexNoPattern,
          example: g.scheme.indexNoExample,
        })}
      </p>
      <Descriptions size="small" bordered column={1} aria-label={t('disg.scheme')}>
        {g.scheme.categories.map((c) => (
          <Descriptions.Item key={c.category} label={`${t(categoryKey(c.category))}（${c.code}）`}>
            {c.scope}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <p style={{ marginTop: 12 }}>{t('disg.columns')}：</p>
      <Space wrap>
        {g.scheme.keyAreas.map((a) => (
          <Link key={a} to={`/disclosure?agency=${encodeURIComponent(g.departmentCode)}&keyArea=${a}`}>
            <Tag>{t(areaKey(a))}</Tag>
          </Link>
        ))}
      </Space>
      <p style={{ marginTop: 12 }}>
        {t('disg.topics')}：{g.scheme.topics.join('、')}
      </p>
      <h3 style={H3}>{t('disg.access')}</h3>
      <ol>
        {g.access.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>

      <h2 style={H2}>{t('disg.request')}</h2>
      <h3 style={H3}>{t('disg.office')}</h3>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} className="disclosure-guide-office">
        <Descriptions.Item label={t('disg.officeName')}>{g.office.name}</Descriptions.Item>
        <Descriptions.Item label={t('disg.phone')}>{g.office.phone}</Descriptions.Item>
        <Descriptions.Item label={t('disg.address')}>{g.office.address}</Descriptions.Item>
        <Descriptions.Item label={t('disg.postcode')}>{g.office.postcode}</Descriptions.Item>
        <Descriptions.Item label={t('disg.hours')}>{g.office.hours}</Descriptions.Item>
        <Descriptions.Item label={t('disg.email')}>{g.office.email}</Descriptions.Item>
      </Descriptions>
      <h3 style={H3}>{t('disg.channels')}</h3>
      <ul>
        {g.request.channels.map((c) => (
          <li key={c.channel}>
            <strong>{t(channelKey(c.channel))}</strong>：{c.how}
          </li>
        ))}
      </ul>
      <h3 style={H3}>{t('disg.contents')}</h3>
      <ol>
        {g.request.contents.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      <h3 style={H3}>{t('disg.deadline')}</h3>
      <p className="disclosure-guide-deadline">
        {t('disg.deadlineText', {
          answer: g.request.answerWorkingDays,
          extension: g.request.extensionWorkingDays,
        })}
      </p>
      <h3 style={H3}>{t('disg.fee')}</h3>
      <p>{g.request.feeCharged ? g.request.fee : `${t('disg.noFee')}${g.request.fee}`}</p>

      <h2 style={H2}>{t('disg.remedies')}</h2>
      <p className="disclosure-guide-remedies">
        {t('disg.remediesText', {
          days: g.remedies.reviewDays,
          body: g.remedies.reviewBody,
          months: g.remedies.litigationMonths,
        })}
        {t('disg.complaint', { body: g.remedies.complaintBody })}
      </p>
    </>
  );
}
