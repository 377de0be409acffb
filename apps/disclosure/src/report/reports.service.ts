import type { CurrentUser } from '@hall/auth';
import { chinaDateString, type Clock } from '@hall/calendar';
import {
  AnnualReport,
  APPLICANT_COLUMNS,
  MANUAL_CELLS,
  type AnnualReportList,
  type ManualCell,
  type ReportDraftBody,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { agencyOf, type Agency } from '../agencies/agencies.js';
import { DisclosureErrorCode, ReportErrorCode } from '../disclosure.errors.js';
import type { DisclosureDb, DisclosureStore } from '../disclosure.store.js';
import { findItem } from '../items/item.repository.js';
import type { AttachmentsService } from '../items/attachments.service.js';
import type { ItemsService } from '../items/items.service.js';
import {
  APPLICANT_COLUMN_LABELS,
  lastDayBefore,
  proactiveTable,
  remedyTable,
  requestTable,
  yearStart,
  type ManualValues,
} from './report-figures.js';
import { renderReportPdf, renderReportXlsx, REPORT_TITLE, reportItemBody } from './report-documents.js';
import {
  findReport,
  itemsPublishedBefore,
  lockReport,
  remediesFiled,
  remediesOf,
  reportsOf,
  requestsTouching,
  saveReport,
  setReportItem,
  type ReportRow,
} from './report.repository.js';
import { renderReportDocx } from './report-docx.js';

type Draft = z.output<typeof ReportDraftBody>;

/** What a published report keeps of its computed part (parsed on read: stored data must match). */
const Figures = AnnualReport.pick({
  asOf: true,
  proactive: true,
  requests: true,
  remedies: true,
  fees: true,
  itemsPublished: true,
});
type Figures = z.infer<typeof Figures>;

const Narrative = z.object({ overview: z.string(), problems: z.string(), other: z.string() });
const Manual = z.record(z.string(), z.number().nullable());

/** 主题分类 and 五公开 category of the item a published report becomes. */
export const REPORT_ITEM_TOPIC = '政府信息公开年报';

/**
 * 政府信息公开工作年度报告 of an agency (the staff's department) for a year: the figures computed from its items and
 * requests (never typed), the officer's narrative sections and manual cells (draft), and publication: the figures
 * frozen, the report drafted as a 主动公开 item (结果公开) and sent to 保密审查 through the items' own code path, so the
 * head publishes it like any other item.
 */
export class ReportsService {
  constructor(
    private readonly store: DisclosureStore,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    private readonly attachments: AttachmentsService,
  ) {}

  private agency(user: CurrentUser): Agency {
    const agency = agencyOf(user.department);
    if (!agency)
      throw new AppError(
        DisclosureErrorCode.NoAgency,
        'your department does not publish government information',
        403,
      );
    return agency;
  }

  private checkYear(year: number, now: Date): void {
    if (yearStart(year).getTime() > now.getTime())
      throw AppError.validation('year', `the year ${year} has not begun`);
  }

  async list(user: CurrentUser): Promise<AnnualReportList> {
    const agency = this.agency(user);
    const rows = await reportsOf(this.store.prisma, agency.departmentCode);
    return {
      items: rows.map((r) => ({
        year: r.year,
        status: r.status as 'draft' | 'published',
        updatedAt: r.updatedAt.toISOString(),
        publishedAt: r.publishedAt?.toISOString() ?? null,
      })),
    };
  }

  async get(user: CurrentUser, year: number): Promise<AnnualReport> {
    const agency = this.agency(user);
    this.checkYear(year, this.clock.now());
    return this.build(agency, year, await findReport(this.store.prisma, agency.departmentCode, year));
  }

  /** Saves the officer's part of a draft (the narrative sections and the manual cells); the figures stay computed. */
  async saveDraft(user: CurrentUser, year: number, body: Draft): Promise<AnnualReport> {
    const agency = this.agency(user);
    const now = this.clock.now();
    this.checkYear(year, now);
    await this.store.messaging.transaction(async (tx) => {
      const row = await lockReport(tx, agency.departmentCode, year);
      if (row?.status === 'published') throw published(year);
      const manual: ManualValues = {};
      for (const k of MANUAL_CELLS) manual[k] = body.manual[k] ?? null;
      await saveReport(tx, {
        departmentCode: agency.departmentCode,
        year,
        status: 'draft',
        narrative: body.narrative,
        manual,
        updatedBy: user.id,
        updatedAt: now,
      });
    });
    return this.get(user, year);
  }

  /**
   * Publishes the report of an ended year: every manual cell entered and 总体情况 written; the figures are frozen as
   * they stand now, and the report becomes a 主动公开 item (结果公开, 主题 政府信息公开年报) sent to 保密审查.
   * A publication whose item could not be made (a failure between the steps) is completed by publishing again.
   */
  async publish(user: CurrentUser, year: number): Promise<AnnualReport> {
    const agency = this.agency(user);
    const now = this.clock.now();
    this.checkYear(year, now);
    if (now.getTime() < yearStart(year + 1).getTime())
      throw new AppError(
        ReportErrorCode.YearOpen,
        `the report of ${year} is published after the year ends (统计期限 1 January – 31 December)`,
        409,
        { year },
      );
    const frozen = await this.store.messaging.transaction(async (tx) => {
      const row = await lockReport(tx, agency.departmentCode, year);
      if (row?.status === 'published') {
        if (row.itemId !== null) throw published(year);
        return row; // published, its item not yet made: make it now
      }
      // reads inside the transaction (PGlite has one connection: a read beside it would wait for it)
      const report = await this.build(agency, year, row, tx);
      if (report.missingManual.length > 0)
        throw new AppError(
          ReportErrorCode.Incomplete,
          `manual cells not entered: ${report.missingManual.join(', ')}`,
          409,
          { missing: report.missingManual },
        );
      if (report.narrative.overview.trim() === '')
        throw AppError.validation('narrative.overview', '一、总体情况 is written before publication');
      const figures: Figures = {
        asOf: report.asOf,
        proactive: report.proactive,
        requests: report.requests,
        remedies: report.remedies,
        fees: report.fees,
        itemsPublished: report.itemsPublished,
      };
      const data = {
        departmentCode: agency.departmentCode,
        year,
        status: 'published',
        narrative: report.narrative,
        manual: row?.manual ?? Object.fromEntries(MANUAL_CELLS.map((k) => [k, null])),
        figures,
        itemId: null,
        updatedBy: row?.updatedBy ?? user.id,
        updatedAt: row?.updatedAt ?? now,
        publishedBy: user.id,
        publishedAt: now,
      };
      await saveReport(tx, data);
      return findReport(tx, agency.departmentCode, year);
    });
    const report = await this.build(agency, year, frozen);
    const item = await this.items.create(user, {
      title: REPORT_TITLE(report),
      body: reportItemBody(report),
      writtenOn: chinaDateString(now),
      topic: REPORT_ITEM_TOPIC,
      openCategory: 'result',
      keyArea: null,
      kind: 'general',
      interpretsId: null,
    });
    // the report as its PDF export renders it, attached to the item: downloadable from the public item page
    await this.attachments.attachGenerated(user.id, item.id, {
      name: `${REPORT_TITLE(report)}.pdf`,
      contentType: 'application/pdf',
      body: await renderReportPdf(report),
    });
    await this.items.submit(user, item.id);
    await setReportItem(this.store.prisma, agency.departmentCode, year, item.id);
    return this.get(user, year);
  }

  async pdf(user: CurrentUser, year: number): Promise<{ name: string; body: Buffer }> {
    const r = await this.get(user, year);
    return { name: `${REPORT_TITLE(r)}.pdf`, body: await renderReportPdf(r) };
  }

  async docx(user: CurrentUser, year: number): Promise<{ name: string; body: Buffer }> {
    const r = await this.get(user, year);
    return { name: `${REPORT_TITLE(r)}.docx`, body: await renderReportDocx(r) };
  }

  async xlsx(user: CurrentUser, year: number): Promise<{ name: string; body: Buffer }> {
    const r = await this.get(user, year);
    return { name: `${REPORT_TITLE(r)}.xlsx`, body: await renderReportXlsx(r) };
  }

  /** The computed figures of the year as they stand at `asOf` (the year's end, or now for a running year). */
  private async compute(
    agency: Agency,
    year: number,
    manual: ManualValues,
    db: DisclosureDb,
  ): Promise<Figures> {
    const from = yearStart(year);
    const end = yearStart(year + 1);
    const now = this.clock.now();
    const asOf = now.getTime() < end.getTime() ? now : end;
    const asOfDay = lastDayBefore(asOf);
    const requests = await requestsTouching(db, agency.departmentCode, from, end);
    const table = requestTable(requests, from, asOf);
    const filed = await remediesFiled(db, agency.departmentCode, `${year}-01-01`, asOfDay);
    const all = await remediesOf(db, [...new Set(filed.map((m) => m.requestId))]);
    const items = await itemsPublishedBefore(db, agency.departmentCode, end);
    return {
      asOf: asOf.toISOString(),
      proactive: proactiveTable(items, from, asOf, manual),
      requests: { columns: APPLICANT_COLUMNS.map((c) => APPLICANT_COLUMN_LABELS[c]), rows: table.rows },
      remedies: remedyTable(filed, all, asOfDay),
      fees: table.fees,
      itemsPublished: items.filter(
        (i) =>
          i.publishedAt !== null &&
          i.publishedAt.getTime() >= from.getTime() &&
          i.publishedAt.getTime() < asOf.getTime(),
      ).length,
    };
  }

  /** The report from its row (or none) and the records; `db` is the caller's transaction when it holds one. */
  private async build(
    agency: Agency,
    year: number,
    row: ReportRow | undefined,
    db: DisclosureDb = this.store.prisma,
  ): Promise<AnnualReport> {
    const manual = Manual.parse(row?.manual ?? {}) as ManualValues;
    const figures =
      row?.status === 'published' && row.figures !== null
        ? Figures.parse(row.figures)
        : await this.compute(agency, year, manual, db);
    const narrative = row
      ? Narrative.parse(row.narrative)
      : { overview: defaultOverview(agency, year, figures), problems: '', other: '' };
    const item = row?.itemId ? await findItem(db, row.itemId) : undefined;
    return {
      year,
      departmentCode: agency.departmentCode,
      agencyName: agency.departmentName,
      status: row?.status === 'published' ? 'published' : 'draft',
      ...figures,
      narrative,
      missingManual: MANUAL_CELLS.filter((k: ManualCell) => (manual[k] ?? null) === null),
      item: item ? { id: item.id, indexNo: item.indexNo, status: item.status } : null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      publishedAt: row?.publishedAt?.toISOString() ?? null,
    };
  }
}

const published = (year: number): AppError =>
  new AppError(
    ReportErrorCode.Published,
    `the report of ${year} is published; it can no longer change`,
    409,
    {
      year,
    },
  );

/** A first draft of 一、总体情况 from the figures, for the officer to rewrite. */
function defaultOverview(agency: Agency, year: number, f: Figures): string {
  const row = (key: string) => f.requests.rows.find((r) => r.key === key)?.counts.at(-1) ?? 0;
  return [
    `${year}年，${agency.departmentName}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。`,
    `全年通过政府信息公开平台主动公开政府信息${f.itemsPublished}条；新收政府信息公开申请${row('new')}件，上年结转${row('carried-in')}件，办结${row('total')}件，结转下年度继续办理${row('carried-over')}件。`,
  ].join('\n');
}
