import { AudienceCode, CaseTypeCode, ItemTypeCode, LevelCode, RegionCode } from '@hall/contracts';
import { z } from 'zod';
import type { CatalogStore } from '../catalog.store.js';
import { normaliseQuery } from './search-text.js';

const bool = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const SearchQuery = z.object({
  q: z.string().trim().max(50).optional().describe('Keyword: Chinese substring, pinyin (full) or initials'),
  region: RegionCode.optional().describe('Items available in this region (its own and its higher levels)'),
  level: LevelCode.optional(),
  type: ItemTypeCode.optional(),
  dept: z.string().max(48).optional().describe('Implementing department code'),
  audience: AudienceCode.optional().describe('服务对象'),
  theme: z.string().max(40).optional().describe('Life event / theme'),
  online: bool.optional().describe('Only items that can be handled online'),
  caseType: CaseTypeCode.optional().describe('1 即办件, 2 承诺件'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

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

/** Citizen search over published implementations (trigram-indexed substring match, relevance-ranked). */
export class SearchService {
  constructor(private readonly store: CatalogStore) {}

  /** The region and every region above it: county → city → province. */
  async regionWithAncestors(code: string): Promise<string[]> {
    const rows = await this.store.prisma.$queryRawUnsafe<Array<{ code: string }>>(
      `WITH RECURSIVE up AS (
         SELECT code, parent_code FROM region WHERE code = $1
         UNION ALL SELECT r.code, r.parent_code FROM region r JOIN up ON r.code = up.parent_code)
       SELECT code FROM up`,
      code,
    );
    return rows.length > 0 ? rows.map((r) => r.code) : [code];
  }

  async search(query: SearchQuery): Promise<{ total: number; page: number; pageSize: number; items: SearchHit[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (i: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const q = query.q ? normaliseQuery(query.q) : '';
    if (q) {
      const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      add((i) => `search_text LIKE ${i}`, `%${escaped}%`);
    }
    if (query.region) add((i) => `region_code = ANY(${i}::text[])`, await this.regionWithAncestors(query.region));
    if (query.level) add((i) => `level = ${i}`, query.level);
    if (query.type) add((i) => `type = ${i}`, query.type);
    if (query.dept) add((i) => `department_code = ${i}`, query.dept);
    if (query.audience) add((i) => `${i} = ANY(audiences)`, query.audience);
    if (query.theme) add((i) => `${i} = ANY(themes)`, query.theme);
    if (query.online !== undefined) add((i) => `online = ${i}`, query.online);
    if (query.caseType) add((i) => `case_type = ${i}`, query.caseType);
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const filterParams = [...params];
    let rank = '';
    if (q) {
      params.push(q);
      const qi = `$${params.length}`;
      rank = `CASE WHEN lower(name) = ${qi} THEN 0 WHEN starts_with(lower(name), ${qi}) THEN 1 WHEN position(${qi} in lower(name)) > 0 THEN 2 ELSE 3 END, `;
    }
    params.push(query.pageSize, (query.page - 1) * query.pageSize);
    const items = await this.store.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT code, version, name, base_code, type, level, region_code, department_code, body_name, online, case_type, promised_days
         FROM search_entry ${whereSql}
        ORDER BY ${rank}length(name), level, code
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      ...params,
    );
    const [count] = await this.store.prisma.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM search_entry ${whereSql}`,
      ...filterParams,
    );
    return {
      total: Number(count?.n ?? 0),
      page: query.page,
      pageSize: query.pageSize,
      items: items.map((r) => ({
        implementationCode: String(r.code),
        version: Number(r.version),
        name: String(r.name),
        baseCode: String(r.base_code),
        type: String(r.type),
        level: String(r.level),
        regionCode: String(r.region_code),
        departmentCode: String(r.department_code),
        bodyName: String(r.body_name),
        online: Boolean(r.online),
        caseType: String(r.case_type),
        promisedDays: Number(r.promised_days),
      })),
    };
  }
}
