/** A case's timeline (/supervision/cases/:no). */
import { supervisionApi } from '../../api/supervision.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';
import { useDept } from './labels.js';
import { CaseGantt } from './case-gantt.js';
import { ApplicationNoRoute } from '../../components/url-schema.js';
import { useParamsSchema } from '../../components/use-url-params.js';

export function CaseTimelinePage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const { no } = useParamsSchema(ApplicationNoRoute);
  const [state, reload] = useAsync((signal) => supervisionApi.timeline(no, signal), [no]);
  return (
    <div className="page">
      <h1 className="page-title">
        {t('sup.caseTimeline')} · {no}
      </h1>
      <SupervisionNav />
      <AsyncView state={state} onRetry={reload}>
        {(tl) => tl.view === 'supervisor' && <CaseGantt tl={tl} date={date} dept={dept} />}
      </AsyncView>
    </div>
  );
}
