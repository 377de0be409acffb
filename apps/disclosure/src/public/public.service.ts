import {
  KEY_AREAS,
  OPEN_CATEGORIES,
  type PublicItemQuery,
  type AgencyCatalogue,
  type AgencyGuide,
  type AgencyList,
  type ItemKind,
  type KeyArea,
  type OpenCategory,
  type PublicItemDetail,
  type PublicItemPage,
  type PublicItemSummary,
} from '@hall/contracts';
import { isPinyinQuery, normaliseQuery } from '@hall/search-text';
import type { z } from 'zod';
import { agencyDetailOf, agencyOf, allAgencies, departmentName } from '../agencies/agencies.js';
import { agencyNotFound, itemNotFound } from '../disclosure.errors.js';
import type { DisclosureStore } from '../disclosure.store.js';
import { findItem, interpretationsOf, listPublished, publishedCounts } from '../items/item.repository.js';
import type { DisclosureItem } from '../generated/prisma/client.js';
import { guideOf } from './guide.js';

/** What anyone may read without signing in: published items, the 目录 per agency, the 专栏 per key area. */
export class PublicService {
  constructor(private readonly store: DisclosureStore) {}

  async list(q: z.output<typeof PublicItemQuery>): Promise<PublicItemPage> {
    const keyword = q.q === undefined ? undefined : normaliseQuery(q.q);
    const { rows, total } = await listPublished(this.store.prisma, {
      ...q,
      q: keyword,
      pinyin: keyword !== undefined && isPinyinQuery(keyword),
    });
    return { items: rows.map(summaryOf), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<PublicItemDetail> {
    const row = await findItem(this.store.prisma, id);
    if (!row || row.status !== 'published') throw itemNotFound(id);
    const interpretations = await interpretationsOf(this.store.prisma, id, ['published']);
    return {
      ...summaryOf(row),
      body: row.body,
      version: row.version,
      interpretsId: row.interpretsId,
      interpretations: interpretations.map((i) => ({ id: i.id, title: i.title })),
      attachments: row.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
      })),
    };
  }

  agencies(): AgencyList {
    return { agencies: allAgencies() };
  }

  /** 政府信息公开指南 of one agency (404 for a department that does not publish). */
  guide(departmentCode: string): AgencyGuide {
    const agency = agencyDetailOf(departmentCode);
    if (!agency) throw agencyNotFound(departmentCode);
    return guideOf(agency);
  }

  /** 政府信息公开目录 of one agency (404 for a department that does not publish). */
  async catalogue(departmentCode: string): Promise<AgencyCatalogue> {
    const agency = agencyOf(departmentCode);
    if (!agency) throw agencyNotFound(departmentCode);
    const counts = await publishedCounts(this.store.prisma, agency.departmentCode);
    return {
      ...agency,
      categories: OPEN_CATEGORIES.map((category) => ({
        category,
        count: counts.categories.get(category) ?? 0,
      })),
      keyAreas: KEY_AREAS.map((keyArea) => ({ keyArea, count: counts.keyAreas.get(keyArea) ?? 0 })),
    };
  }
}

function summaryOf(r: DisclosureItem): PublicItemSummary {
  return {
    id: r.id,
    indexNo: r.indexNo,
    departmentCode: r.departmentCode,
    departmentName: departmentName(r.departmentCode),
    title: r.title,
    writtenOn: r.writtenOn,
    publishedOn: r.publishedOn ?? r.writtenOn,
    topic: r.topic,
    openCategory: r.openCategory as OpenCategory,
    keyArea: r.keyArea as KeyArea | null,
    kind: r.kind as ItemKind,
  };
}
