/** The region cascader of the search page (region-picker.tsx loads it on demand): province → city → county. */
import { Cascader } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { Region } from './region-picker.js';

export interface RegionNode {
  value: string;
  label: string;
  children?: RegionNode[];
}

export function treeOf(regions: readonly Region[]): RegionNode[] {
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

export function pathOf(regions: readonly Region[], code: string | undefined): string[] {
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

/** Any level may be picked; cleared = all regions; `open`: opened by the visitor (the picker's first click). */
export function RegionCascader(props: {
  id: string;
  regions: readonly Region[];
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  open: boolean;
}) {
  const { t } = useI18n();
  const { regions, value, onChange } = props;
  const options = useMemo(() => treeOf(regions), [regions]);
  const [open, setOpen] = useState(props.open);
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
      open={open}
      onOpenChange={setOpen}
      autoFocus={props.open}
      className="full-width"
    />
  );
}
