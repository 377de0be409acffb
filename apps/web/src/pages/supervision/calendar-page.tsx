/** 工作日历 (/supervision/calendar): the working-day calendar of a year and its editor. */
import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { supervisionApi, type CalendarYear } from '../../api/supervision.api.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [years] = useState(() => Array.from({ length: 6 }, (_, i) => new Date().getFullYear() - 1 + i));
  const [state, reload] = useAsync((signal) => supervisionApi.calendar(year, signal), [year]);
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.calendar')}</h1>
      <SupervisionNav />
      <p className="muted">{t('sup.calendarHint')}</p>
      <div className="year-pick">
        <label htmlFor="cal-year">{t('sup.year')}</label>
        <select
          id="cal-year"
          className="native-select"
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.data.provisional === true && (
        <Alert
          type="warning"
          showIcon
          className="stack-xs"
          title={t('sup.calendarProvisionalYear', { year })}
        />
      )}
      {state.status === 'ok' && (
        <CalendarEditor key={`${year}-${state.data.updatedAt ?? ''}`} data={state.data} onSaved={reload} />
      )}
    </div>
  );
}

/** Day of the week of an ISO date (0 = Sunday), independent of the browser's time zone. */
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();

function DayList(props: {
  id: string;
  label: string;
  days: string[];
  other: string[];
  weekendOnly?: boolean;
  onChange: (d: string[]) => void;
  year: number;
}) {
  const { id, label, days, other, weekendOnly = false, onChange, year } = props;
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!ISO_DAY.test(value) || !value.startsWith(`${year}-`)) return setError(t('sup.dayInYear', { year }));
    if (days.includes(value)) return setError(t('sup.dayDuplicate'));
    if (other.includes(value)) return setError(t('sup.dayInBoth'));
    if (weekendOnly && weekday(value) !== 0 && weekday(value) !== 6) return setError(t('sup.workdayWeekend'));
    setError(null);
    onChange([...days, value].sort());
    setValue('');
  };
  return (
    <Card size="small" title={<h2 className="card-title">{label}</h2>}>
      <div className="day-tags" data-testid={`${id}-days`}>
        {days.length === 0 && <span className="muted">{t('sup.noDays')}</span>}
        {days.map((d) => (
          <Tag
            key={d}
            closable
            onClose={() => onChange(days.filter((x) => x !== d))}
            closeIcon={<span aria-label={t('sup.removeDay', { day: d })}>×</span>}
          >
            {d}
          </Tag>
        ))}
      </div>
      <Space.Compact className="top-gap">
        <label htmlFor={`${id}-input`} className="sr-only">
          {t('sup.addDayLabel', { list: label })}
        </label>
        <Input
          id={`${id}-input`}
          type="date"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          status={error ? 'error' : undefined}
          aria-describedby={`${id}-error`}
        />
        <Button onClick={add}>{t('sup.addDay')}</Button>
      </Space.Compact>
      <div id={`${id}-error`} className="error-text" role={error ? 'alert' : undefined}>
        {error}
      </div>
    </Card>
  );
}

function CalendarEditor({ data, onSaved }: { data: CalendarYear; onSaved: () => void }) {
  const { t } = useI18n();
  const date = useDate();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const [holidays, setHolidays] = useState(data.holidays);
  const [workdays, setWorkdays] = useState(data.workdays);
  const [source, setSource] = useState(data.source ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = () =>
    modal.confirm({
      title: t('sup.calendarConfirm', { year: data.year }),
      content: t('sup.calendarConfirmHint'),
      okText: t('sup.save'),
      cancelText: t('sup.cancel'),
      onOk: async () => {
        try {
          const saved = await supervisionApi.saveCalendar(data.year, {
            holidays,
            workdays,
            ...(source.trim() ? { source: source.trim() } : {}),
          });
          setError(null);
          void message.success(t('sup.calendarSaved', { n: saved.reevaluatedCases ?? 0 }));
          onSaved();
        } catch (err) {
          setError(err);
          void message.error(errorText(err));
        }
      },
    });
  return (
    <>
      <p className="muted">
        {data.overridden
          ? t('sup.calendarOverridden', { at: date(data.updatedAt) })
          : data.hasData
            ? t('sup.calendarShipped')
            : t('sup.calendarNoData')}
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <div className="card-grid">
        <DayList
          id="holidays"
          label={t('sup.holidays')}
          days={holidays}
          other={workdays}
          onChange={setHolidays}
          year={data.year}
        />
        <DayList
          id="workdays"
          label={t('sup.workdays')}
          days={workdays}
          other={holidays}
          weekendOnly
          onChange={setWorkdays}
          year={data.year}
        />
      </div>
      <Form layout="vertical" className="narrow-form">
        <Form.Item label={t('sup.calendarSource')} htmlFor="cal-source">
          <Input id="cal-source" value={source} maxLength={500} onChange={(e) => setSource(e.target.value)} />
        </Form.Item>
        <Button type="primary" onClick={() => void save()}>
          {t('sup.save')}
        </Button>
      </Form>
    </>
  );
}
