/**
 * 服务网点管理 (/catalog-admin/service-points): the administrator's service points (便民服务中心/站, 代办点) — region,
 * address, opening hours, the items each accepts (受理) or only takes in (代办: 收件, handed over to the county
 * window) — and their 预约 settings (periods, slot minutes, places per slot). Cards, so it reads at 375 px.
 */
import {
  App,
  Button,
  Card,
  Cascader,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { catalogApi } from '../../api/catalog.api.js';
import { ApiError } from '../../api/http.js';
import { intakeApi, type ServicePointAdmin, type ServicePointInput } from '../../api/intake.api.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { pathOf, treeOf } from '../region-cascader.js';
import { useRegions, type Region } from '../region-picker.js';
import { CatalogNav } from './catalog-nav.js';

const KINDS = ['center', 'station', 'agency'] as const;
const MODES = ['accept', 'receive'] as const;
const PERIOD = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

interface PointForm {
  name: string;
  kind: (typeof KINDS)[number];
  region: string[];
  address: string;
  openingHours: string;
  phone?: string;
  acceptsAllOfRegion: boolean;
  items: { baseCode: string; mode: (typeof MODES)[number] }[];
  periods: string[];
  slotMinutes: number;
  capacity: number;
}

export function ServicePointsPage() {
  const { t } = useI18n();
  const regions = useRegions();
  const [state, reload] = useAsync((signal) => intakeApi.adminServicePoints(signal), []);
  const [editing, setEditing] = useState<ServicePointAdmin | 'new' | null>(null);
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  return (
    <div className="page">
      <h1 className="page-title">{t('spa.title')}</h1>
      <CatalogNav />
      <Typography.Paragraph type="secondary">{t('spa.intro')}</Typography.Paragraph>
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('spa.add')}
      </Button>
      <AsyncView state={state} onRetry={reload}>
        {(list) =>
          list.items.length === 0 ? (
            <Empty description={t('spa.empty')} />
          ) : (
            <ul className="plain-list" data-testid="admin-service-points">
              {list.items.map((p) => (
                <li key={p.id} data-testid="admin-service-point">
                  <Card
                    size="small"
                    className="spa-card"
                    title={p.name}
                    extra={
                      <Button
                        size="small"
                        onClick={() => setEditing(p)}
                        aria-label={t('spa.editNamed', { name: p.name })}
                      >
                        {t('spa.edit')}
                      </Button>
                    }
                  >
                    <Space wrap size={[4, 4]}>
                      <Tag>{t(`sn.kind.${p.kind}` as MessageKey)}</Tag>
                      <Tag>{regionName(p.regionCode)}</Tag>
                      {p.acceptsAllOfRegion && <Tag color="blue">{t('spa.allOfRegion')}</Tag>}
                      <Tag>{t('spa.clerks', { n: String(p.clerkCount) })}</Tag>
                    </Space>
                    <p>{t('sn.address', { address: p.address })}</p>
                    <p>{t('sn.hours', { hours: p.openingHours })}</p>
                    {p.items.length > 0 && (
                      <ul className="spa-items">
                        {p.items.map((i) => (
                          <li key={i.baseCode}>
                            {i.name ?? t('spa.unknownItem')}：{t(`sn.mode.${i.mode}` as MessageKey)}
                          </li>
                        ))}
                      </ul>
                    )}
                    <p data-testid="point-appointments">
                      {t('spa.slots', {
                        periods: p.appointments.periods.join('、'),
                        minutes: String(p.appointments.slotMinutes),
                        capacity: String(p.appointments.capacity),
                      })}
                    </p>
                  </Card>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
      {editing !== null && (
        <PointModal
          point={editing === 'new' ? null : editing}
          regions={regions}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

/** Search the catalog's published items by name; the picked one is added by its 基本编码. */
function ItemSearch(props: { onPick: (baseCode: string, name: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [state] = useAsync(
    (signal) =>
      q.trim() === '' ? Promise.resolve(null) : catalogApi.search({ q: q.trim(), pageSize: 20 }, signal),
    [q],
  );
  const options = useMemo(() => {
    if (state.status !== 'ok' || state.data === null) return [];
    const seen = new Map<string, string>();
    for (const hit of state.data.items) if (!seen.has(hit.baseCode)) seen.set(hit.baseCode, hit.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [state]);
  return (
    <Select
      showSearch
      value={null}
      className="full-width"
      aria-label={t('spa.itemSearch')}
      placeholder={t('spa.itemSearch')}
      filterOption={false}
      onSearch={setQ}
      options={options}
      notFoundContent={null}
      onChange={(value: string) => {
        const label = options.find((o) => o.value === value)?.label ?? '';
        props.onPick(value, label);
        setQ('');
      }}
    />
  );
}

function PointModal(props: {
  point: ServicePointAdmin | null;
  regions: readonly Region[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { point, regions } = props;
  const [form] = Form.useForm<PointForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [names, setNames] = useState<Map<string, string>>(
    () => new Map((point?.items ?? []).map((i) => [i.baseCode, i.name ?? t('spa.unknownItem')])),
  );
  const options = useMemo(() => treeOf(regions), [regions]);
  const initial: PointForm = {
    name: point?.name ?? '',
    kind: point?.kind ?? 'agency',
    region: point ? pathOf(regions, point.regionCode) : [],
    address: point?.address ?? '',
    openingHours: point?.openingHours ?? '周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）',
    phone: point?.phone ?? '',
    acceptsAllOfRegion: point?.acceptsAllOfRegion ?? false,
    items: (point?.items ?? []).map((i) => ({ baseCode: i.baseCode, mode: i.mode })),
    periods: point?.appointments.periods ?? ['09:00-12:00', '13:30-17:00'],
    slotMinutes: point?.appointments.slotMinutes ?? 30,
    capacity: point?.appointments.capacity ?? 2,
  };

  /** A refused save: the field the service names gets the words, anything else shows above the form. */
  const showServerError = (err: unknown) => {
    const named =
      err instanceof ApiError && typeof err.details === 'object' && err.details !== null
        ? (err.details as { field?: unknown }).field
        : undefined;
    const field = typeof named === 'string' ? named : '';
    const target: keyof PointForm | null =
      field === 'regionCode'
        ? 'region'
        : field === 'acceptsAllOfRegion'
          ? 'acceptsAllOfRegion'
          : field.startsWith('appointments.periods')
            ? 'periods'
            : null;
    if (target) form.setFields([{ name: target, errors: [errorText(err)] }]);
    else setFailure(err);
  };

  const submit = async (v: PointForm) => {
    setFailure(null);
    setSaving(true);
    const body: ServicePointInput = {
      name: v.name.trim(),
      kind: v.kind,
      regionCode: v.region.at(-1) ?? '',
      address: v.address.trim(),
      openingHours: v.openingHours.trim(),
      phone: v.phone?.trim() ? v.phone.trim() : null,
      acceptsAllOfRegion: v.acceptsAllOfRegion,
      // The whole rows from the store: only `mode` has a field of its own (the 基本编码 is shown as the item's name).
      items: ((form.getFieldValue('items') ?? []) as PointForm['items']).map((i) => ({
        baseCode: i.baseCode,
        mode: i.mode,
      })),
      appointments: {
        periods: v.periods.map((p) => p.trim()),
        slotMinutes: v.slotMinutes,
        capacity: v.capacity,
      },
    };
    try {
      const saved = point
        ? await intakeApi.replaceServicePoint(point.id, body)
        : await intakeApi.createServicePoint(body);
      void message.success(t('spa.saved', { name: saved.name }));
      props.onSaved();
    } catch (err) {
      showServerError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={point ? t('spa.editTitle') : t('spa.newTitle')}
      onCancel={props.onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      {failure !== null && <ErrorAlert error={failure} />}
      <Form<PointForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t('spa.name')}
          rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('spa.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('spa.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`sn.kind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item
          name="region"
          label={t('spa.region')}
          rules={[{ required: true, type: 'array', min: 1, message: t('spa.regionRequired') }]}
        >
          <Cascader
            options={options}
            changeOnSelect
            expandTrigger="click"
            placeholder={t('spa.regionRequired')}
            displayRender={(labels) => labels.join(' / ')}
          />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('spa.address')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('spa.addressRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="openingHours"
          label={t('spa.hours')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('spa.hoursRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('spa.phone')}
          rules={[{ pattern: /^[0-9+\-() ]{5,30}$/, message: t('spa.phoneInvalid') }]}
        >
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <Form.Item name="acceptsAllOfRegion" valuePropName="checked">
          <Checkbox>{t('spa.comprehensive')}</Checkbox>
        </Form.Item>

        <fieldset className="spa-fieldset">
          <legend>{t('spa.items')}</legend>
          <Typography.Paragraph type="secondary">{t('spa.itemsIntro')}</Typography.Paragraph>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 && <p className="muted">{t('spa.noItems')}</p>}
                <ul className="plain-list" data-testid="point-items">
                  {fields.map((f) => {
                    const code = String(form.getFieldValue(['items', f.name, 'baseCode']) ?? '');
                    const name = names.get(code) ?? t('spa.unknownItem');
                    return (
                      <li key={f.key} className="spa-item-row" data-testid="point-item">
                        <span className="spa-item-name">{name}</span>
                        <Form.Item name={[f.name, 'mode']} noStyle>
                          <Select
                            aria-label={t('spa.itemMode', { name })}
                            className="spa-mode"
                            options={MODES.map((m) => ({ value: m, label: t(`sn.mode.${m}` as MessageKey) }))}
                          />
                        </Form.Item>
                        <Button
                          size="small"
                          onClick={() => remove(f.name)}
                          aria-label={t('spa.itemRemove', { name })}
                        >
                          {t('spa.remove')}
                        </Button>
                      </li>
                    );
                  })}
                </ul>
                <ItemSearch
                  onPick={(baseCode, name) => {
                    const items = (form.getFieldValue('items') ?? []) as PointForm['items'];
                    if (items.some((i) => i.baseCode === baseCode)) return;
                    setNames((m) => new Map(m).set(baseCode, name));
                    add({ baseCode, mode: 'receive' });
                  }}
                />
              </>
            )}
          </Form.List>
        </fieldset>

        <fieldset className="spa-fieldset">
          <legend>{t('spa.appointments')}</legend>
          <Form.Item
            name="periods"
            label={t('spa.periods')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('spa.periodsRequired') },
              {
                validator: (_, value: unknown) =>
                  Array.isArray(value) && value.every((p) => PERIOD.test(String(p).trim()))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('spa.periodInvalid'))),
              },
            ]}
          >
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="slotMinutes" label={t('spa.slotMinutes')} rules={[{ required: true }]}>
              <InputNumber min={10} max={240} step={5} precision={0} />
            </Form.Item>
            <Form.Item name="capacity" label={t('spa.capacity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
          </Space>
        </fieldset>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('spa.save')}
          </Button>
          <Button onClick={props.onClose}>{t('spa.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
