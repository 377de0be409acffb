import type { LoggerService } from '@nestjs/common';
import type { ObjectStorage } from '@hall/storage';
import type { Clock } from '@hall/calendar';
import { PeriodicTask } from '@hall/platform';
import type { LicenceStore } from '../licence.store.js';
import type { SigningKeysService } from '../signing/signing-keys.service.js';
import {
  claimRenders,
  fieldsOf,
  markRendered,
  markRenderFailed,
  type PrintableFields,
  type RenderJob,
} from '../records/licence.repository.js';
import { qrText } from '../signing/qr-payload.js';
import type { PrintableLicence } from './licence-pdf.js';
import type { LicencePdfRenderer } from './licence-pdf-pool.js';

const BATCH = 4;
const CLAIM_SECONDS = 120;
const MAX_PDF_BYTES = 20 * 1024 * 1024;
/** A timer tick claims at least this often without a nudge (a lease of a crashed instance runs out after 120 s). */
const SAFETY_POLL_MS = 30_000;

export function printable(
  row: PrintableFields & { identifier: string; issuerUscc: string; keyId: string },
): PrintableLicence {
  return {
    identifier: row.identifier,
    name: row.name,
    holderKind: row.holderKind,
    holderName: row.holderName,
    holderIdType: row.holderIdType,
    holderIdNumber: row.holderIdNumber,
    issuerName: row.issuerName,
    issuerUscc: row.issuerUscc,
    jurisdiction: row.jurisdiction,
    issuedAt: row.issuedAt,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    fields: fieldsOf(row),
    keyId: row.keyId,
  };
}

/**
 * Renders issued licences to PDF after the issuing transaction committed — laid out in a worker thread
 * (`LicencePdfRenderer`), signed here with the embedded SM2 signature (`pdf-signature.ts`, about 2 ms) —, stores them in object storage
 * with their SHA-256 and marks them done. The job is the licence row itself (`render_status = pending`,
 * committed with the issuance), claimed with `FOR UPDATE SKIP LOCKED` and a lease, so several instances share
 * the work, and a crash or a storage outage only delays it: a failed attempt is retried with backoff.
 */
export class RenderWorker {
  /** Polls every `pollMs` and runs when nudged; a failed run is logged and counted (`schedule.stats()`). */
  readonly schedule: PeriodicTask;
  private stopped = false;

  constructor(
    private readonly store: LicenceStore,
    private readonly storage: ObjectStorage | undefined,
    private readonly verifyUrl: string,
    private readonly logger: LoggerService,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
    private readonly pdfs: LicencePdfRenderer,
  ) {
    this.schedule = new PeriodicTask({ name: 'licence.render', logger, run: () => this.drain() });
  }

  start(pollMs: number): void {
    this.stopped = false;
    this.schedule.start(pollMs);
    this.schedule.nudge();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.schedule.stop();
  }

  /** Asks for a run now (after an issuance committed); a nudge during a run asks for one more after it. */
  nudge(): void {
    this.nudged = true;
    this.schedule.nudge();
  }

  /** A nudge came since the last run began. */
  private nudged = false;
  /** When this worker last claimed (ms), and the earliest retry of a failed attempt it recorded (ms). */
  private lastClaimAt = 0;
  private nextRetryAt = Infinity;

  /**
   * Whether a run should claim: always when nudged; on a timer tick only when a retry this worker scheduled is due,
   * or {@link SAFETY_POLL_MS} passed since it last claimed (leases of a crashed instance; issue 22: no claim that
   * finds nothing on every tick).
   */
  private due(now: number): boolean {
    if (this.nudged) return true;
    return now >= this.nextRetryAt || now - this.lastClaimAt >= SAFETY_POLL_MS;
  }

  private async drain(): Promise<void> {
    const now = Date.now();
    if (!this.due(now)) return;
    this.nudged = false;
    if (now >= this.nextRetryAt) this.nextRetryAt = Infinity; // this run claims what is due
    // A short batch took every render due when it claimed; an issuance committed since nudges the worker, which
    // runs again after this run (issue 22: no claim that finds nothing after each batch; the poll stays the net).
    while (!this.stopped && (await this.runOnce()) >= BATCH) {
      // keep going while batches come back full
    }
  }

  /** Claims and renders one batch; returns how many were claimed. */
  async runOnce(): Promise<number> {
    if (!this.storage) return 0;
    this.lastClaimAt = Date.now();
    const claimed = await claimRenders(this.store.raw, CLAIM_SECONDS, BATCH, this.store.reveal);
    const done: Array<{ identifier: string; key: string; sha256: string }> = [];
    for (const job of claimed) {
      const stored = await this.renderOne(job);
      if (stored) done.push({ identifier: job.identifier, ...stored });
    }
    // The batch's done marks in one statement (issue 22); a crash before it only renders them again (same content).
    await markRendered(this.store.raw, done);
    return claimed.length;
  }

  /** Renders and stores one PDF; undefined when the attempt failed (recorded for a retry with backoff). */
  private async renderOne(row: RenderJob): Promise<{ key: string; sha256: string } | undefined> {
    const storage = this.storage;
    const identifier = row.identifier;
    if (!storage) return undefined;
    try {
      // Signed here, in the process that holds the keys, with the key that signed the licence (a revoked one
      // refuses: the attempt fails and waits for 重新签发, which sets the new key and asks for a render again).
      // The key's status came with the claim.
      const signer = this.keys.pdfSignerWith(row.keyId, row.key);
      const pdf = await this.pdfs.render(printable(row), {
        qrText: qrText(this.verifyUrl, row.qrPayload),
        signature: { signer, signingTime: this.clock.now() },
      });
      const stored = await storage.upload({
        bucket: storage.buckets.licences,
        buffer: pdf,
        declaredName: `${identifier}.pdf`,
        declaredContentType: 'application/pdf',
        maxBytes: MAX_PDF_BYTES,
        allowedTypes: ['application/pdf'],
        ownerPrefix: `licences/${row.issuerUscc}`,
      });
      return { key: stored.key, sha256: stored.sha256 };
    } catch (err) {
      const backoffSeconds = Math.min(600, 2 ** Math.min(row.renderAttempts, 10));
      const retryAt = Date.now() + backoffSeconds * 1000;
      this.nextRetryAt = Math.min(this.nextRetryAt, retryAt);
      this.logger.warn(
        `licence ${identifier}: render attempt ${row.renderAttempts} failed: ${(err as Error).message}`,
      );
      await markRenderFailed(this.store.prisma, identifier, (err as Error).message, new Date(retryAt));
      return undefined;
    }
  }
}
