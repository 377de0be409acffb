/** 办件时间轴 (/supervision/cases): look a case up by its number. */
import { Button, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';

export function CaseLookupPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.caseTimeline')}</h1>
      <SupervisionNav />
      <Form
        layout="vertical"
        className="narrow-form"
        onFinish={(v: { no: string }) =>
          void navigate(`/supervision/cases/${encodeURIComponent(v.no.trim())}`)
        }
      >
        <Form.Item
          label={t('sup.caseNo')}
          name="no"
          htmlFor="case-no"
          rules={[{ required: true, whitespace: true, message: t('sup.caseNoRequired') }]}
        >
          <Input id="case-no" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.query')}
        </Button>
      </Form>
    </div>
  );
}
