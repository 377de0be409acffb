/** 免提交: pick one of my e-licences (of a type the material accepts) instead of uploading the material. */
import { Empty, Radio, Skeleton } from 'antd';
import type { MaterialSpec } from '../api/intake.api.js';
import { usableLicencesFor } from '../api/wallet-pick.api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { useAsync } from './use-async.js';

export interface PickedLicence {
  identifier: string;
  name: string;
}

export function LicencePicker({
  implementationCode,
  material,
  value,
  onChange,
}: {
  implementationCode: string;
  material: MaterialSpec;
  value: PickedLicence | undefined;
  onChange: (l: PickedLicence | undefined) => void;
}) {
  const { t } = useI18n();
  const [state, reload] = useAsync(
    (signal) => usableLicencesFor(implementationCode, material, signal),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the material's id: the wizard re-creates the object on every render
    [implementationCode, material.id],
  );
  if (state.status === 'loading') return <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  if (state.status === 'error')
    return <ErrorAlert error={state.error} onRetry={reload} title={t('pick.failed')} />;
  if (state.data.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('pick.none')}
        data-testid="licence-pick-empty"
      />
    );
  return (
    <Radio.Group
      aria-label={t('pick.label', { name: material.name })}
      className="vertical-checks licence-pick"
      value={value?.identifier}
      onChange={(e) => {
        const hit = state.data.find((l) => l.identifier === e.target.value);
        onChange(hit ? { identifier: hit.identifier, name: hit.name } : undefined);
      }}
      options={state.data.map((l) => ({
        value: l.identifier,
        label: (
          <span>
            {l.name} <span className="muted break-all">{l.identifier}</span>
          </span>
        ),
      }))}
    />
  );
}
