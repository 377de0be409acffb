/** 证照详情: the licence's own fields (照面信息) and its holder, shown on demand in the wallet card. */
import { Button, Descriptions } from 'antd';
import { useState } from 'react';
import type { LicenceView } from '../api/licence.api.js';
import { useI18n } from '../i18n/i18n.js';
import { useDate } from './work.js';

export function LicenceDetails({ licence }: { licence: LicenceView }) {
  const { t } = useI18n();
  const date = useDate();
  const [open, setOpen] = useState(false);
  return (
    <div className="licence-details">
      <Button size="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('licenceView.hide') : t('licenceView.show')}
      </Button>
      {open && (
        <div data-testid="licence-fields">
          <Descriptions
            className="top-gap"
            column={1}
            bordered
            size="small"
            items={[
              { key: 'holder', label: t('licenceView.holder'), children: licence.holder.name },
              { key: 'validFrom', label: t('licenceView.validFrom'), children: date(licence.validFrom) },
              {
                key: 'validUntil',
                label: t('licenceView.validUntil'),
                children: licence.validUntil ? date(licence.validUntil) : t('licenceView.longTerm'),
              },
              ...licence.fields.map((f, i) => ({ key: `f${i}`, label: f.label, children: f.value })),
            ]}
          />
        </div>
      )}
    </div>
  );
}

/** Tag colours of licence statuses (有效 green, 暂扣 gold, 签章失效 orange, ended ones grey, 撤销/吊销 red). */
export const LICENCE_STATUS_COLOURS: Readonly<Record<string, string>> = {
  valid: 'green',
  suspended: 'gold',
  invalidated: 'orange',
  revoked: 'red',
  withdrawn: 'red',
  cancelled: 'default',
  expired: 'default',
  superseded: 'default',
};
