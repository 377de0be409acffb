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
    this.schedule.nudge();
  }

  private async drain(): Promise<void> {
    // A short batch took every render due when it claimed; an issuance committed since nudges the worker, which
    // runs again after this run (issue 22: no claim that finds nothing after each batch; the poll stays the net).
    while (!this.stopped && (await this.runOnce()) >= BATCH) {
      // keep going while batches come back full
    }
  }

  /** Claims and renders one batch; returns how many were claimed. */
  async runOnce(): Promise<number> {
    if (!this.storage) return 0;
    const claimed = await claimRenders(this.store.raw, CLAIM_SECONDS, BATCH, this.store.reveal);
    for (const job of claimed) await this.renderOne(job);
    return claimed.length;
  }

  private async renderOne(row: RenderJob): Promise<void> {
    const storage = this.storage;
    const identifier = row.identifier;
    if (!storage) return;
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
      await markRendered(this.store.raw, identifier, stored);
    } catch (err) {
      const backoffSeconds = Math.min(600, 2 ** Math.min(row.renderAttempts, 10));
      this.logger.warn(
        `licence ${identifier}: render attempt ${row.renderAttempts} failed: ${(err as Error).message}`,
      );
      await markRenderFailed(
        this.store.prisma,
        identifier,
        (err as Error).message,
        new Date(Date.now() + backoffSeconds * 1000),
      );
    }
  }
}
