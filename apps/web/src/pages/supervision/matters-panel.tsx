/**
 * The dashboard's section on 依申请公开 requests, 主动公开 items (their publication deadline) and enquiries: per kind, how many run on the clock, are paused,
 * carry a yellow or a red card; a link to the full list. Loads on its own (the dashboard's statistics do not wait).
 */
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { supervisionApi, type MatterKind, type MatterSummaryRow } from '../../api/supervision.api.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { kindKey } from './matter-labels.js';

const KINDS: readonly MatterKind[] = ['disclosure-request', 'disclosure-item', 'enquiry'];

const sum = (
  rows: readonly MatterSummaryRow[],
  kind: MatterKind,
  key: 'open' | 'paused' | 'yellow' | 'red',
) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + r[key], 0);

export function MattersPanel() {
  const { t } = useI18n();
  const [state] = useAsync((signal) => supervisionApi.matterSummary(signal), []);
  if (state.status !== 'ok') return null;
  const rows = state.data.rows;
  return (
    <section aria-label={t('matters.title')} className="stack-xs" data-testid="matters-panel">
      <h2>{t('matters.title')}</h2>
      <Row gutter={[12, 12]}>
        {KINDS.map((kind) => (
          <Col xs={24} md={8} key={kind}>
            <Card size="small" title={t(kindKey(kind))}>
              <Row gutter={8}>
                {(['open', 'paused', 'yellow', 'red'] as const).map((key) => (
                  <Col span={6} key={key}>
                    <Statistic title={t(`matters.count.${key}`)} value={sum(rows, kind, key)} />
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      <p>
        <Link to="/supervision/matters">{t('matters.toList')}</Link>
      </p>
    </section>
  );
}
