/** The supervisor's sub-navigation (看板 · 督办 · 异常 · 风险 · 差评整改 · 办件时间轴 · 工作日历): plain links, keyboard reachable. */
import { NavLink } from 'react-router';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const LINKS: ReadonlyArray<readonly [string, MessageKey]> = [
  ['/supervision', 'sup.dashboard'],
  ['/supervision/alerts', 'sup.alerts'],
  ['/supervision/anomalies', 'sup.anomalies'],
  ['/supervision/risk', 'sup.risk'],
  ['/supervision/matters', 'matters.nav'],
  ['/supervision/rectifications', 'rect.title'],
  ['/supervision/cases', 'sup.caseTimeline'],
  ['/supervision/calendar', 'sup.calendar'],
];

export function SupervisionNav() {
  const { t } = useI18n();
  return (
    <nav aria-label={t('sup.subnav')} className="sub-nav">
      {LINKS.map(([to, label]) => (
        <NavLink
          key={to}
          to={to}
          end={to === '/supervision'}
          className={({ isActive }) => (isActive ? 'sub-nav-link active' : 'sub-nav-link')}
        >
          {t(label)}
        </NavLink>
      ))}
    </nav>
  );
}
