/**
 * 监察看板 (supervisor dashboard): cards by level, overdue by department, on-time trend, ratings — each chart with
 * a table of the same numbers — plus the open 督办 count, statistics export (Excel/CSV rendered by the service).
 */
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Statistic, Table } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DEPARTMENTS, nameOf } from '../api/catalog-codes.js';
import { supervisionApi, type StatsQuery, type StatsResult, type StatsRow } from '../api/supervision.api.js';
import { ChartFigure, EChart, type ChartOption } from '../components/echart.js';
import { useErrorText } from '../components/error-alert.js';
import { AsyncView } from '../components/async-view.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { MattersPanel } from './supervision/matters-panel.js';
import { SupervisionNav } from './supervision/supervision-nav.js';

const CARD_COLOURS = { green: '#16a34a', yellow: '#d97706', red: '#dc2626' } as const;
const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

interface DashboardData {
  byDepartment: StatsResult;
  byMonth: StatsResult;
  /** Per 代办 point: how long the points took to hand their applications to the window. */
  byPoint: StatsResult;
  openAlerts: number;
  /** Open 督办 raised by a red card of a case (C02/C04/C06) — what the 红牌 beside it means too. */
  redCardAlerts: number;
  /** Open 督办 raised by a red card of a 政务公开 or 咨询投诉 matter (C08/C10/C12): not in the cases' 红牌 card. */
  matterRedCardAlerts: number;
  /** Open 督办 raised by an anomaly: level red as well, but no card (they made 红牌 N disagree with the card count). */
  anomalyAlerts: number;
}

export function SupervisionDashboardPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [range, setRange] = useState<StatsQuery>({});
  const [state, reload] = useAsync<DashboardData>(
    async (signal) => {
      const [byDepartment, byMonth, byPoint, open, red, matterRed, anomaly] = await Promise.all([
        supervisionApi.stats({ ...range, groupBy: 'department' }, signal),
        supervisionApi.stats({ ...range, groupBy: 'month' }, signal),
        supervisionApi.stats({ ...range, groupBy: 'servicePoint' }, signal),
        supervisionApi.alerts({ pageSize: 1 }, signal),
        supervisionApi.alerts({ pageSize: 1, warningType: 'red-card', about: 'case' }, signal),
        supervisionApi.alerts({ pageSize: 1, warningType: 'red-card', about: 'matter' }, signal),
        supervisionApi.alerts({ pageSize: 1, warningType: 'anomaly' }, signal),
      ]);
      return {
        byDepartment,
        byMonth,
        byPoint,
        openAlerts: open.total,
        redCardAlerts: red.total,
        matterRedCardAlerts: matterRed.total,
        anomalyAlerts: anomaly.total,
      };
    },
    [range],
  );
  const exportAs = (format: 'xlsx' | 'csv') =>
    void supervisionApi
      .exportStats(format, { ...range, groupBy: 'department' })
      .catch((err: unknown) => void message.error(errorText(err)));
  const dept = (code: string) => nameOf(DEPARTMENTS, code, locale);

  return (
    <div className="page">
      <h1 className="page-title">{t('sup.dashboard')}</h1>
      <SupervisionNav />
      <CalendarBanner />
      <MattersPanel />
      <Form
        layout="inline"
        className="filters stack-xs"
        onFinish={(v: { from?: string; to?: string }) =>
          setRange({ ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) })
        }
      >
        <Form.Item label={t('sup.from')} name="from" htmlFor="sup-from">
          <Input id="sup-from" type="date" />
        </Form.Item>
        <Form.Item label={t('sup.to')} name="to" htmlFor="sup-to">
          <Input id="sup-to" type="date" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" type="primary">
            {t('common.query')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button onClick={() => exportAs('xlsx')}>{t('sup.exportXlsx')}</Button>
        </Form.Item>
        <Form.Item>
          <Button onClick={() => exportAs('csv')}>{t('sup.exportCsv')}</Button>
        </Form.Item>
      </Form>
      <AsyncView state={state} onRetry={reload}>
        {(loaded) => <Dashboard data={loaded} dept={dept} />}
      </AsyncView>
    </div>
  );
}

function Dashboard({ data, dept }: { data: DashboardData; dept: (code: string) => string }) {
  const { t } = useI18n();
  // Rows and chart options follow the data and the language (t) together.
  const {
    total,
    cardRows,
    ratingRows,
    deptRows,
    monthRows,
    cardsOption,
    overdueOption,
    trendOption,
    ratingsOption,
  } = useMemo(() => {
    const total = data.byDepartment.total;
    const cardRows = (['green', 'yellow', 'red'] as const).map((level) => ({
      key: level,
      level,
      label: t(`sup.card.${level}`),
      count: total.cards[level],
    }));
    const ratingRows = (['1', '2', '3', '4', '5'] as const).map((level) => ({
      key: level,
      label: t(`sup.rating.${level}`),
      count: total.ratings[level],
    }));
    const deptRows = data.byDepartment.rows.map((r) => ({ ...r, label: dept(r.key) }));
    const monthRows = data.byMonth.rows;

    const cardsOption: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: cardRows
            .filter((r) => r.count > 0)
            .map((r) => ({ name: r.label, value: r.count, itemStyle: { color: CARD_COLOURS[r.level] } })),
        },
      ],
    };
    const overdueOption: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: deptRows.map((r) => r.label) },
      series: [
        {
          type: 'bar',
          name: t('sup.overdue'),
          data: deptRows.map((r) => r.overdue),
          itemStyle: { color: CARD_COLOURS.red },
        },
        {
          type: 'bar',
          name: t('sup.received'),
          data: deptRows.map((r) => r.received),
          itemStyle: { color: '#1d4ed8' },
        },
      ],
      legend: { bottom: 0 },
    };
    const trendOption: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: monthRows.map((r) => r.key) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          name: t('sup.onTimeRate'),
          data: monthRows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)),
          connectNulls: true,
        },
      ],
    };
    const ratingsOption: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ratingRows.map((r) => r.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('sup.ratings'),
          data: ratingRows.map((r) => r.count),
          itemStyle: { color: '#0e7490' },
        },
      ],
    };
    return {
      total,
      cardRows,
      ratingRows,
      deptRows,
      monthRows,
      cardsOption,
      overdueOption,
      trendOption,
      ratingsOption,
    };
  }, [data, t, dept]);

  const countCol = (title: string, key: string) => ({ title, dataIndex: key, key, align: 'right' as const });
  const rateCol = {
    title: t('sup.onTimeRate'),
    key: 'rate',
    align: 'right' as const,
    render: (_: unknown, r: StatsRow) => pct(r.onTimeRate),
  };
  /** What the department and month tables share: compact, on one page, 暂无办件 while empty. */
  const statsTable = {
    size: 'small' as const,
    pagination: false as const,
    rowKey: 'key',
    locale: { emptyText: <Empty description={t('sup.noCases')} /> },
  };
  return (
    <>
      <Row gutter={[12, 12]} data-testid="sup-cards">
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('sup.received')} value={total.received} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('sup.onTimeRate')} value={pct(total.onTimeRate)} />
          </Card>
        </Col>
        {cardRows.map((r) => (
          <Col xs={8} md={4} key={r.level}>
            <Card size="small" className={`level-card level-${r.level}`}>
              <Statistic title={r.label} value={r.count} valueStyle={{ color: CARD_COLOURS[r.level] }} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={4}>
          <Card size="small">
            <Statistic title={t('sup.openAlerts')} value={data.openAlerts} />
            {data.openAlerts > 0 && (
              <div className="muted" data-testid="open-alerts-split">
                {data.matterRedCardAlerts > 0
                  ? t('lists.openAlertsSplitMatters', {
                      red: data.redCardAlerts,
                      matters: data.matterRedCardAlerts,
                      anomaly: data.anomalyAlerts,
                    })
                  : t('lists.openAlertsSplit', { red: data.redCardAlerts, anomaly: data.anomalyAlerts })}
              </div>
            )}
            <Link to="/supervision/alerts">{t('sup.toAlerts')}</Link>
          </Card>
        </Col>
      </Row>
      {total.received === 0 && <Empty description={t('sup.noCases')} />}
      <Row gutter={[12, 12]}>
        <ChartCell id="chart-cards" title={t('sup.chart.cards')} option={cardsOption}>
          <Table
            size="small"
            pagination={false}
            dataSource={cardRows}
            aria-label={t('sup.chart.cards')}
            data-testid="table-cards"
            columns={[
              { title: t('sup.level'), dataIndex: 'label', key: 'label' },
              countCol(t('sup.count'), 'count'),
            ]}
          />
        </ChartCell>
        <ChartCell id="chart-overdue" title={t('sup.chart.overdue')} option={overdueOption}>
          <div className="scroll-x" tabIndex={0}>
            <Table<StatsRow & { label: string }>
              {...statsTable}
              dataSource={deptRows}
              data-testid="table-overdue"
              columns={[
                { title: t('sup.department'), dataIndex: 'label', key: 'label' },
                countCol(t('sup.received'), 'received'),
                countCol(t('sup.completed'), 'completed'),
                countCol(t('sup.overdue'), 'overdue'),
                rateCol,
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t('sup.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <span data-testid="total-received">{total.received}</span>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {total.completed}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {total.overdue}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {pct(total.onTimeRate)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </div>
        </ChartCell>
        <ChartCell id="chart-trend" title={t('sup.chart.trend')} option={trendOption}>
          <Table<StatsRow>
            {...statsTable}
            dataSource={monthRows}
            data-testid="table-trend"
            columns={[
              { title: t('sup.month'), dataIndex: 'key', key: 'key' },
              countCol(t('sup.finished'), 'finished'),
              countCol(t('sup.onTime'), 'onTime'),
              rateCol,
            ]}
          />
        </ChartCell>
        <ChartCell id="chart-ratings" title={t('sup.chart.ratings')} option={ratingsOption}>
          <p className="muted" data-testid="ratings-summary">
            {t('sup.ratingsSummary', {
              good: total.ratings.good,
              medium: total.ratings.medium,
              bad: total.ratings.bad,
            })}
          </p>
          <Table
            size="small"
            pagination={false}
            dataSource={ratingRows}
            data-testid="table-ratings"
            columns={[
              { title: t('sup.ratingLevel'), dataIndex: 'label', key: 'label' },
              countCol(t('sup.count'), 'count'),
            ]}
          />
        </ChartCell>
        <Col xs={24}>
          <Card size="small" title={<h2 className="card-title">{t('nd.byPoint')}</h2>}>
            <div className="scroll-x" tabIndex={0}>
              <Table<StatsRow>
                {...statsTable}
                locale={{ emptyText: <Empty description={t('nd.noHandover')} /> }}
                dataSource={data.byPoint.rows.filter((r) => r.handedOver > 0)}
                aria-label={t('nd.byPoint')}
                data-testid="table-handover"
                columns={[
                  { title: t('nd.point'), dataIndex: 'label', key: 'label' },
                  countCol(t('nd.handedOver'), 'handedOver'),
                  countCol(t('nd.avgHours'), 'avgHandoverHours'),
                  countCol(t('nd.maxHours'), 'maxHandoverHours'),
                ]}
              />
            </div>
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** One chart of the dashboard in its card: half the width from lg up, its table of the same numbers below. */
function ChartCell(props: { id: string; title: string; option: ChartOption; children: ReactNode }) {
  return (
    <Col xs={24} lg={12}>
      <Card size="small">
        <ChartFigure
          id={props.id}
          title={props.title}
          chart={<EChart option={props.option} testId={props.id} />}
        >
          {props.children}
        </ChartFigure>
      </Card>
    </Col>
  );
}

/** Warns while a year that deadlines count into has no official holiday arrangement (deadlines there are 暂定). */
function CalendarBanner() {
  const { t, locale } = useI18n();
  const [state] = useAsync((signal) => supervisionApi.calendarStatus(signal), []);
  if (state.status !== 'ok' || state.data.provisionalYears.length === 0) return null;
  const years = state.data.provisionalYears.map((y) => y.year).join(locale === 'zh-CN' ? '、' : ', ');
  return (
    <Alert
      type="warning"
      showIcon
      className="stack-xs"
      data-testid="calendar-banner"
      title={t('sup.calendarBanner', { years, n: state.data.provisionalOpenClocks })}
      action={<Link to="/supervision/calendar">{t('sup.calendar')}</Link>}
    />
  );
}
