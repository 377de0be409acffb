/**
 * Shapes of the catalog's public API as the web app reads them (the catalog's `SearchHit` and `Guide` —
 * apps/catalog/src/search/search.service.ts and guides/guide.model.ts; the web may not import an app).
 */

export interface SearchHit {
  implementationCode: string;
  version: number;
  name: string;
  baseCode: string;
  type: string;
  level: string;
  regionCode: string;
  departmentCode: string;
  bodyName: string;
  online: boolean;
  caseType: string;
  promisedDays: number;
}

export interface SearchPage {
  total: number;
  page: number;
  pageSize: number;
  items: SearchHit[];
}

export interface SearchQuery {
  q?: string;
  region?: string;
  level?: string;
  type?: string;
  dept?: string;
  audience?: string;
  theme?: string;
  online?: '1' | '0';
  page?: number;
  pageSize?: number;
}

export interface GuideField {
  label: string;
  value: string;
  href?: string;
}

export interface GuideLink {
  label: string;
  name: string;
  href: string;
}

export interface GuideMaterialRow {
  no: number;
  id: string;
  name: string;
  issuingBody: string;
  quantity: string;
  required: boolean;
  necessity: string;
  main: boolean;
  category: string;
  acceptanceStandard: string;
  basis: string;
  exemptByLicences: string[];
  exemption: string;
  promiseAllowed: boolean;
  promise: string;
  blankForm?: GuideLink;
  example?: GuideLink;
}

export interface GuideProcessStep {
  no: number;
  name: string;
  department: string;
  limit: string;
  note: string;
}

export interface GuideParallel {
  kind: string;
  kindName: string;
  departments: Array<{ role: string; code: string; name: string; limit: string }>;
}

export interface GuideFeeRow {
  item: string;
  standard: string;
  basis: string;
  waivable: string;
}

export type GuideSection =
  | { id: string; title: string; kind: 'fields'; fields: GuideField[] }
  | { id: string; title: string; kind: 'text'; paragraphs: string[] }
  | { id: string; title: string; kind: 'materials'; rows: GuideMaterialRow[] }
  | { id: string; title: string; kind: 'process'; description: string[]; steps: GuideProcessStep[]; parallel: GuideParallel | null }
  | { id: string; title: string; kind: 'fees'; free: boolean; summary: string; rows: GuideFeeRow[] }
  | { id: string; title: string; kind: 'results'; resultName: string; rows: Array<{ no: number; licenceTypeCode: string; name: string; validity: string }> }
  | { id: string; title: string; kind: 'faq'; items: Array<{ q: string; a: string }> };

export interface Guide {
  title: string;
  name: string;
  implementationCode: string;
  baseCode: string;
  regionName: string;
  implementingBody: string;
  version: number;
  versionLabel: string;
  publishedAt: string;
  publishedDate: string;
  /** 是否网办: can be applied for online here. */
  online: boolean;
  sections: GuideSection[];
}
