/** 证照详情: the licence's own fields (照面信息), its holder and its versions (版本记录), shown on demand in the wallet card. */
import { Button, Descriptions } from 'antd';
import { useState } from 'react';
import type { LicenceView } from '../api/licence.api.js';
import { useI18n } from '../i18n/i18n.js';
import { LicenceVersions } from './licence-versions.js';
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
          <LicenceVersions licence={licence} />
        </div>
      )}
    </div>
  );
}

/** Re-exported where the screens have always taken it from. */
export { LICENCE_STATUS_COLOURS } from './licence-status.js';
