import type { AnswerBody } from '@hall/contracts';
import { renderPdf } from '@hall/pdf';
import { AppError } from '@hall/platform';
import type { ObjectStorage } from '@hall/storage';
import { z } from 'zod';
import { RequestErrorCode } from '../disclosure.errors.js';

export type Answer = z.output<typeof AnswerBody>;

/** What a written notice to the applicant says; kept on its row (`content`), rendered to PDF on first download. */
export const RequestNoticeContent = z.object({
  title: z.string(),
  number: z.string(),
  addressee: z.string(),
  paragraphs: z.array(z.string()),
  items: z.array(z.string()),
  issuer: z.string(),
  issuedAt: z.string(),
  footer: z.string(),
});
export type RequestNoticeContent = z.infer<typeof RequestNoticeContent>;

/** 2026年10月9日 (China time). */
export function chineseDate(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * The applicant's remedies against an answer (《政府信息公开条例》 art. 51; 行政复议法 art. 20: 60 days from knowing;
 * 行政诉讼法 art. 46: 6 months from knowing).
 */
export const remediesParagraph = (agencyName: string): string =>
  `申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以自知道该行政行为之日起60日内依法申请行政复议，` +
  `或者自知道该行政行为之日起6个月内依法向人民法院提起行政诉讼（《中华人民共和国政府信息公开条例》第五十一条）。` +
  `作出本答复的行政机关：${agencyName}。`;

/** The body of a 答复书 per answer type: the decision, its reasons and legal basis (art. 36, 37, 39). */
export function answerParagraphs(answer: Answer, fee: string): string[] {
  switch (answer.type) {
    case 'already-public':
      return [
        '经审查，您申请获取的政府信息已经主动公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项，现告知您获取该政府信息的方式和途径：',
        answer.publishedWhere,
      ];
    case 'granted':
      return [
        '经审查，您申请获取的政府信息属于公开范围。根据《中华人民共和国政府信息公开条例》第三十六条第（二）项，本机关向您提供该政府信息：',
        answer.informationProvided,
        fee,
      ];
    case 'partial':
      return [
        '经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条，本机关向您提供可以公开的信息内容：',
        answer.informationProvided,
        `不予公开的部分：${answer.withheldParts}。理由：${answer.reason}。依据：${answer.legalBasis}。`,
        fee,
      ];
    case 'refused':
      return [
        `经审查，您申请获取的政府信息依法不予公开。根据《中华人民共和国政府信息公开条例》第三十六条第（三）项告知如下。理由：${answer.reason}。依据：${answer.legalBasis}。`,
      ];
    case 'not-exist':
      return [
        `经检索，本机关未制作或者获取您申请的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项，告知您该政府信息不存在。检索情况：${answer.reason}。`,
      ];
    case 'not-responsible':
      return [
        `经审查，您申请获取的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》第三十六条第（五）项，该政府信息由${answer.responsibleAgency}负责公开${answer.contact ? `（联系方式：${answer.contact}）` : ''}，请向其提出申请。`,
      ];
    case 'repeated':
      return [
        `本机关已就您的申请编号为${answer.previousRequestNo}的相同内容申请作出答复，您再次提出的申请属于重复申请。根据《中华人民共和国政府信息公开条例》第三十六条第（六）项，告知您不予重复处理。`,
      ];
    case 'special-rules':
      return [
        `您申请获取的信息，有关法律、行政法规对信息的获取有特别规定。根据《中华人民共和国政府信息公开条例》第三十六条第（七）项，请按照下列途径办理：${answer.channel}。依据：${answer.legalBasis}。`,
      ];
    case 'not-disclosure-request': {
      const kind = {
        consultation: '咨询',
        complaint: '投诉举报',
        petition: '信访',
        other: '其他诉求',
      }[answer.redirectKind];
      return [
        `经审查，您提出的事项属于${kind}，不属于政府信息公开申请。根据《中华人民共和国政府信息公开条例》第三十九条，告知您通过下列渠道提出：${answer.redirectTo}。`,
      ];
    }
  }
}

/** Renders a notice as an A4 PDF with the CJK font embedded; deterministic for a content and font. */
export async function renderRequestNotice(notice: RequestNoticeContent): Promise<Buffer> {
  const issued = new Date(notice.issuedAt);
  return renderPdf(
    {
      document: {
        size: 'A4',
        margins: { top: 72, bottom: 72, left: 72, right: 72 },
        info: {
          Title: notice.title,
          Subject: notice.number,
          Author: notice.issuer,
          Creator: '一网通办 政务公开',
          CreationDate: issued,
          ModDate: issued,
        },
      },
    },
    (doc) => {
      const width = doc.page.width - 144;
      doc.fontSize(20).text(notice.title, { width, align: 'center' });
      doc.moveDown(0.4);
      doc.fontSize(10.5).text(notice.number, { width, align: 'center' });
      doc.moveDown(1);
      doc.fontSize(12).text(notice.addressee, { width });
      doc.moveDown(0.4);
      for (const p of notice.paragraphs) {
        doc.text(`\u3000\u3000${p}`, { width, lineGap: 4 });
        doc.moveDown(0.3);
      }
      notice.items.forEach((item, i) => {
        doc.text(`${i + 1}. ${item}`, { width, lineGap: 4, indent: 24 });
        doc.moveDown(0.2);
      });
      doc.moveDown(2);
      doc.text(notice.issuer, { width, align: 'right' });
      doc.text(chineseDate(issued), { width, align: 'right' });
      doc.moveDown(2);
      doc.fontSize(9).fillColor('#5b6270').text(notice.footer, { width });
    },
  );
}

/** At most this many renders at once in this process; this many more wait, further ones get a 503. */
const MAX_RENDERING = 2;
const MAX_WAITING = 16;

export interface NoticeFile {
  id: string;
  requestNo: string;
  kind: string;
  content: unknown;
  bucket: string | null;
  key: string | null;
  sha256: string | null;
}

/**
 * Notice PDFs: a transition writes the notice row (its content) in its transaction and renders nothing; the first
 * download renders, stores the PDF in object storage and records it on the row, later downloads read the stored bytes
 * (integrity-checked). Renders are bounded; concurrent first downloads of one notice share one render.
 */
export class RequestNoticeFiles {
  private rendering = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(private readonly storage: () => ObjectStorage) {}

  read(
    n: NoticeFile,
    record: (file: { bucket: string; key: string; sha256: string; size: number }) => Promise<boolean>,
  ): Promise<Buffer> {
    const storage = this.storage();
    if (n.bucket && n.key && n.sha256) return storage.readBuffer(n.bucket, n.key, n.sha256);
    const running = this.inFlight.get(n.id);
    if (running) return running;
    const job = this.renderAndStore(storage, n, record).finally(() => this.inFlight.delete(n.id));
    this.inFlight.set(n.id, job);
    return job;
  }

  private async renderAndStore(
    storage: ObjectStorage,
    n: NoticeFile,
    record: (file: { bucket: string; key: string; sha256: string; size: number }) => Promise<boolean>,
  ): Promise<Buffer> {
    const content = RequestNoticeContent.parse(n.content);
    const pdf = await this.bounded(() => renderRequestNotice(content));
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      buffer: pdf,
      declaredName: `${n.kind}.pdf`,
      declaredContentType: 'application/pdf',
      maxBytes: 20 * 1024 * 1024,
      allowedTypes: ['application/pdf'],
      ownerPrefix: `disclosure/requests/${n.id}`,
    });
    const file = { bucket: stored.bucket, key: stored.key, sha256: stored.sha256, size: stored.size };
    if (!(await record(file))) await storage.remove(stored.bucket, stored.key).catch(() => undefined);
    return pdf;
  }

  private async bounded<T>(fn: () => Promise<T>): Promise<T> {
    if (this.rendering >= MAX_RENDERING) {
      if (this.waiting.length >= MAX_WAITING)
        throw new AppError(
          RequestErrorCode.NoticeRenderBusy,
          'too many notices are being rendered; try again shortly',
          503,
          { retryAfterSeconds: 5 },
        );
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.rendering += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.rendering -= 1;
    }
  }
}
