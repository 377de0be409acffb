/** The search page's region picker (行政区划): a cascader over the catalog's regions, the choice remembered. */
import { Cascader } from 'antd';
import { useMemo } from 'react';
import { REGIONS } from '../api/catalog-codes.js';
import { catalogApi } from '../api/catalog.api.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';

const STORAGE_KEY = 'hall.search.region';
const REGION_CODE = /^[0-9]{6}$/;

/** The region the user last picked (none: all regions); a stored value that is no region code is ignored. */
export function rememberedRegion(): string | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY) ?? '';
    return REGION_CODE.test(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the picked region (undefined: all regions) for the next search. */
export function rememberRegion(code: string | undefined): void {
  try {
    if (code) localStorage.setItem(STORAGE_KEY, code);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

interface RegionNode {
  value: string;
  label: string;
  children?: RegionNode[];
}

interface Region {
  code: string;
  name: string;
  parentCode: string | null;
}

/** The catalog's regions (the built-in list of the demo regions until they are loaded or if they cannot be). */
export function useRegions(): readonly Region[] {
  const [state] = useAsync((signal) => catalogApi.regions(signal), []);
  return state.status === 'ok'
    ? state.data
    : REGIONS.map((r) => ({ code: r.code, name: r.zh, parentCode: null }));
}

function treeOf(regions: readonly Region[]): RegionNode[] {
  const known = new Set(regions.map((r) => r.code));
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.code, { value: r.code, label: r.name }]));
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code);
    if (!node) continue;
    const parent = r.parentCode && known.has(r.parentCode) ? nodes.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

function pathOf(regions: readonly Region[], code: string | undefined): string[] {
  if (!code) return [];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path: string[] = [];
  for (
    let r = byCode.get(code);
    r && !path.includes(r.code);
    r = r.parentCode ? byCode.get(r.parentCode) : undefined
  )
    path.unshift(r.code);
  return path.length > 0 ? path : [code];
}

/** Province → city → county; any level may be picked; cleared = all regions. */
export function RegionPicker(props: {
  id: string;
  regions: readonly Region[];
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const { t } = useI18n();
  const { regions, value, onChange } = props;
  const options = useMemo(() => treeOf(regions), [regions]);
  return (
    <Cascader
      id={props.id}
      options={options}
      value={pathOf(regions, value)}
      changeOnSelect
      allowClear
      expandTrigger="hover"
      placeholder={t('common.all')}
      displayRender={(labels) => labels.at(-1) ?? ''}
      onChange={(path) => onChange(path?.at(-1)?.toString())}
      className="full-width"
    />
  );
}
