/** 办理网点 on a guide: where the item can be handled (受理 or 代办), nearest first for the signed-in user's region. */
import { intakeApi, type ServicePointHit } from '../api/intake.api.js';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/auth.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

/**
 * Plain markup like the rest of the guide (no antd list or card in its first load). An item that supports appointment
 * (是否支持预约办理) gets a 预约 link per point: the booking page, after signing in for a visitor.
 */
export function ServicePointsSection({
  code,
  appointment = false,
  itemName = '',
}: {
  code: string;
  appointment?: boolean;
  itemName?: string;
}) {
  const { t } = useI18n();
  const { user, hasRole, login } = useAuth();
  const bookPath = (pointId: string) =>
    `/appointments/book?${new URLSearchParams({ item: code, itemName, point: pointId }).toString()}`;
  const navigate = useNavigate();
  const canBook = appointment && (user === null || hasRole('applicant'));
  const region = user?.region && /^\d{6}(\d{6})?$/.test(user.region) ? user.region : undefined;
  const [state] = useAsync(
    (signal) => intakeApi.servicePoints({ implementationCode: code, ...(region ? { region } : {}) }, signal),
    [code, region],
  );
  // The guide stands without it: a failed or slow answer leaves the section out rather than the page in error.
  if (state.status !== 'ok') return null;
  return (
    <section
      id="section-service-points"
      className="plain-card guide-section"
      aria-labelledby="section-title-service-points"
      data-testid="service-points"
    >
      <h2 className="card-title plain-card-title" id="section-title-service-points">
        {t('sn.title')}
      </h2>
      <div className="plain-card-body">
        {state.data.length === 0 ? (
          <p className="muted">{t('sn.none')}</p>
        ) : (
          <>
            <p className="muted">{t('sn.intro')}</p>
            <ul className="plain-list">
              {state.data.map((p) => (
                <ServicePointRow
                  key={p.id}
                  point={p}
                  book={
                    canBook
                      ? () => (user ? void navigate(bookPath(p.id)) : void login(bookPath(p.id)))
                      : undefined
                  }
                />
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function ServicePointRow({ point, book }: { point: ServicePointHit; book?: (() => void) | undefined }) {
  const { t } = useI18n();
  return (
    <li data-testid="service-point">
      <strong>{point.name}</strong> <span className="muted">{t(`sn.kind.${point.kind}` as MessageKey)}</span>
      {point.mode && <span className="locked-tag"> {t(`sn.mode.${point.mode}` as MessageKey)}</span>}
      {point.nearness && <span className="muted"> · {t(`sn.near.${point.nearness}` as MessageKey)}</span>}
      <div className="muted">{t('sn.address', { address: point.address })}</div>
      <div className="muted">{t('sn.hours', { hours: point.openingHours })}</div>
      {point.phone && <div className="muted">{t('sn.phone', { phone: point.phone })}</div>}
      {book && (
        <div>
          <Button size="small" type="primary" ghost data-testid="book-appointment" onClick={book}>
            {t('appt.book')}
          </Button>
        </div>
      )}
    </li>
  );
}
