/**
 * The search page's region picker (行政区划): a cascader over the catalog's regions, the choice remembered. The
 * cascader (antd Cascader, rc-select, rc-tree: ~40 KB) is its own chunk, loaded when the visitor opens the picker or a
 * region is already chosen; until then a plain button stands in for it (issue 23 #7: the page's first visit).
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { REGIONS, nameOf } from '../api/catalog-codes.js';
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

export interface Region {
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

/**
 * A region's name for any code the catalog knows, townships and villages included (乡镇级 implementations, service
 * points): the built-in list's words in the user's language first, else the catalog's name, else the code.
 */
export function useRegionName(): (code: string) => string {
  const regions = useRegions();
  const { locale } = useI18n();
  return (code) =>
    REGIONS.some((r) => r.code === code)
      ? nameOf(REGIONS, code, locale)
      : (regions.find((r) => r.code === code)?.name ?? code);
}

const RegionCascader = lazy(async () => ({ default: (await import('./region-cascader.js')).RegionCascader }));

/** Province → city → county; any level may be picked; cleared = all regions. */
export function RegionPicker(props: {
  id: string;
  regions: readonly Region[];
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  // Once shown (a region chosen), the cascader stays: clearing it keeps the focus where it is.
  const [shown, setShown] = useState(props.value !== undefined);
  useEffect(() => {
    if (props.value !== undefined) setShown(true);
  }, [props.value]);
  const trigger = (
    <button
      type="button"
      id={props.id}
      className="plain-select full-width"
      aria-haspopup="listbox"
      onClick={() => setOpened(true)}
    >
      {t('common.all')}
    </button>
  );
  if (!opened && !shown && props.value === undefined) return trigger;
  return (
    <Suspense fallback={trigger}>
      <RegionCascader {...props} open={opened} />
    </Suspense>
  );
}
