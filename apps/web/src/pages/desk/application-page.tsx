/** 综合窗口: an application (/desk/:no) with its materials and the window's actions. */
import { Card, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { intakeApi } from '../../api/intake.api.js';
import { useAsync } from '../../components/use-async.js';
import { MaterialViewer } from '../../components/material-viewer.js';
import { ApplicationLoadError } from '../../components/not-found-state.js';
import { ApplicationFacts, NoticeList, StatusTimeline } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { DeskActions } from './desk-actions.js';
import { ApplicationNoRoute } from '../../components/url-schema.js';
import { useParamsSchema } from '../../components/use-url-params.js';

export function DeskApplicationPage() {
  const { no } = useParamsSchema(ApplicationNoRoute);
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => intakeApi.get(no, signal), [no]);
  if (state.status === 'loading') return <Skeleton active className="page" />;
  if (state.status === 'error')
    return <ApplicationLoadError error={state.error} onRetry={reload} back="/desk" />;
  const app = state.data;
  return (
    <div className="page">
      <Link to="/desk">{t('work.back')}</Link>
      <Typography.Title level={1} className="page-title">
        {app.implementation.itemName}
      </Typography.Title>
      <Card>
        <ApplicationFacts app={app} />
      </Card>
      <Card>
        <MaterialViewer app={app} />
      </Card>
      <DeskActions app={app} onDone={reload} />
      <Card>
        <NoticeList app={app} />
        <StatusTimeline app={app} />
      </Card>
    </div>
  );
}
