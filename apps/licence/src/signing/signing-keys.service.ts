import type { PublishedKey, SigningKeyStatus } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { LicenceRawTx, LicenceStore, LicenceTx } from '../licence.store.js';
import { KeyEncryption } from './key-encryption.js';
import {
  activeKeysOf,
  findKey,
  findPublishedKey,
  insertKey,
  issuerNameOfKeys,
  lockIssuerKeys,
  lockKey,
  markKeyRevoked,
  publishedKeys,
  retireActiveKeys,
  retireKey,
  type PublishedKeyRow,
} from './signing-key.repository.js';
import type { CmsSigner } from './cms.js';
import {
  generateSm2KeyPair,
  SIGNATURE_ALGORITHM,
  SM2_SIGNER_ID,
  sm2KeyId,
  sm2PublicKeyPem,
  sm2Sign,
  sm2SignBytes,
  type Sm2KeyPair,
} from './sm2.js';

export type KeyStatus = SigningKeyStatus;
export type { PublishedKey };

interface KeyRow {
  kid: string;
  issuerUscc: string;
  issuerName: string;
  algorithm: string;
  publicKey: string;
  status: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface Signed {
  kid: string;
  signature: string;
}

const asStatus = (s: string): KeyStatus =>
  s === 'active' || s === 'retired' || s === 'revoked' ? s : 'revoked';

/**
 * Signing keys per issuing body (issuer USCC): created on first use, rotatable, private halves encrypted at
 * rest and decrypted only into this process's memory to sign. Nothing here logs or returns a private key.
 */
export class SigningKeysService {
  private readonly sealer: KeyEncryption;
  /** Decrypted key pairs by kid (signing 20+ licences/s must not decrypt every time). */
  private readonly unsealed = new Map<string, Sm2KeyPair>();

  constructor(
    private readonly store: LicenceStore,
    kek: Buffer,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {
    this.sealer = new KeyEncryption(kek);
  }

  /** Signs `message` with the issuer's active key (created if the issuer has none), inside `tx`. */
  async sign(tx: LicenceRawTx, issuer: { uscc: string; name: string }, message: string): Promise<Signed> {
    const key = await this.activeKey(tx, issuer);
    return { kid: key.kid, signature: sm2Sign(message, key.pair) };
  }

  /**
   * Signs several messages with the same (active) key. `activeKeys`: the issuer's active keys, newest first, as the
   * caller read them in `tx` FOR SHARE (see issuanceContext): the newest one is used without another read or the
   * issuer's lock when it can be unsealed; otherwise (none, or one sealed under another KEK) the locked path decides.
   */
  async signAll(
    tx: LicenceRawTx,
    issuer: { uscc: string; name: string },
    messages: readonly string[],
    activeKeys?: ReadonlyArray<{ kid: string; publicKey: string; privateKeyEnc: string }>,
  ): Promise<{ kid: string; signatures: string[] }> {
    const key = (activeKeys && this.firstUnsealed(activeKeys)) ?? (await this.activeKey(tx, issuer));
    return { kid: key.kid, signatures: messages.map((m) => sm2Sign(m, key.pair)) };
  }

  /** Signs with a key this process unsealed earlier in the same unit of work (see `signAll`). */
  signWithKid(kid: string, message: string): string {
    const pair = this.unsealed.get(kid);
    if (!pair) throw new Error(`signing key ${kid} is not loaded`);
    return sm2Sign(message, pair);
  }

  /**
   * A signer for the PDF of a licence, with the key that signed the licence (`kid`): active or retired (a
   * re-render after a rotation keeps the licence's key, so PDF and QR name one key), never revoked.
   */
  async pdfSigner(kid: string): Promise<CmsSigner> {
    // The status is read every time: another instance may have revoked the key since it was unsealed here.
    return this.pdfSignerWith(kid, await findKey(this.store.prisma, kid));
  }

  /** `pdfSigner` with the key row as just read by the caller (the render claim reads it with the licence). */
  pdfSignerWith(
    kid: string,
    row: { status: string; publicKey: string; privateKeyEnc: string } | undefined,
  ): CmsSigner {
    if (!row) throw AppError.notFound('key', kid);
    if (row.status === 'revoked')
      throw AppError.conflict(
        'KEY_REVOKED',
        `signing key ${kid} is revoked; the licence must be re-signed first`,
        { kid },
      );
    const pair = this.unsealed.get(kid) ?? {
      privateKey: this.sealer.decrypt(row.privateKeyEnc, kid),
      publicKey: row.publicKey,
    };
    this.unsealed.set(kid, pair);
    return { kid, sign: (message) => sm2SignBytes(message, pair) };
  }

  /**
   * The newest of `rows` (active keys, newest first, read and share-locked by the caller) unsealed, when it can be;
   * undefined when there is none or it cannot be decrypted (then `activeKey` retires it under the issuer's lock).
   */
  private firstUnsealed(
    rows: ReadonlyArray<{ kid: string; publicKey: string; privateKeyEnc: string }>,
  ): { kid: string; pair: Sm2KeyPair } | undefined {
    const row = rows[0];
    if (!row) return undefined;
    const cached = this.unsealed.get(row.kid);
    if (cached) return { kid: row.kid, pair: cached };
    try {
      const pair = { privateKey: this.sealer.decrypt(row.privateKeyEnc, row.kid), publicKey: row.publicKey };
      this.unsealed.set(row.kid, pair);
      return { kid: row.kid, pair };
    } catch {
      return undefined;
    }
  }

  private async activeKey(
    tx: LicenceRawTx,
    issuer: { uscc: string; name: string },
  ): Promise<{ kid: string; pair: Sm2KeyPair }> {
    // Serialise key creation per issuer (two first licences of a new issuer at once must not make two keys).
    await lockIssuerKeys(tx, issuer.uscc);
    const rows = await activeKeysOf(tx, issuer.uscc);
    for (const row of rows) {
      const cached = this.unsealed.get(row.kid);
      if (cached) return { kid: row.kid, pair: cached };
      try {
        const pair = {
          privateKey: this.sealer.decrypt(row.privateKeyEnc, row.kid),
          publicKey: row.publicKey,
        };
        this.unsealed.set(row.kid, pair);
        return { kid: row.kid, pair };
      } catch {
        // Sealed under another key encryption key (e.g. a lost local KEK): retire it, its signatures still verify.
        this.onWarning(
          `licence: signing key ${row.kid} of ${issuer.uscc} cannot be decrypted with the configured KEK; retiring it`,
        );
        await retireKey(tx, row.kid, new Date());
      }
    }
    return this.createKey(tx, issuer);
  }

  private async createKey(
    tx: LicenceRawTx,
    issuer: { uscc: string; name: string },
  ): Promise<{ kid: string; pair: Sm2KeyPair; row: PublishedKeyRow }> {
    const pair = generateSm2KeyPair();
    const kid = sm2KeyId(pair.publicKey);
    const row = await insertKey(tx, {
      kid,
      issuerUscc: issuer.uscc,
      issuerName: issuer.name,
      algorithm: SIGNATURE_ALGORITHM,
      publicKey: pair.publicKey,
      privateKeyEnc: this.sealer.encrypt(pair.privateKey, kid),
    });
    this.unsealed.set(kid, pair);
    return { kid, pair, row };
  }

  /** Rotation: the active key is retired (keeps verifying what it signed) and a new one becomes active. */
  async rotate(issuerUscc: string): Promise<PublishedKey> {
    return this.store.messaging.transaction(async (tx) => {
      await lockIssuerKeys(tx, issuerUscc);
      const name = await issuerNameOfKeys(tx, issuerUscc);
      if (!name) throw AppError.notFound('issuer', issuerUscc);
      await retireActiveKeys(tx, issuerUscc, new Date());
      const { row } = await this.createKey(tx, { uscc: issuerUscc, name });
      return toPublished(row);
    });
  }

  /**
   * Marks a key compromised: what it signed no longer verifies. `alsoInTx` runs in the same transaction (the
   * licences it signed become 签章失效, LifecycleService.invalidateSignedBy), so the key and its licences change together.
   */
  async revoke<T>(
    kid: string,
    alsoInTx: (tx: LicenceTx) => Promise<T>,
  ): Promise<PublishedKey & { effect: T }> {
    const result = await this.store.messaging.transaction(async (tx) => {
      await lockKey(tx, kid);
      const row = await findKey(tx, kid);
      if (!row) throw AppError.notFound('key', kid);
      const updated = await markKeyRevoked(tx, kid, row.retiredAt ?? new Date());
      return { ...toPublished(updated), effect: await alsoInTx(tx) };
    });
    this.unsealed.delete(kid);
    return result;
  }

  async published(issuerUscc?: string): Promise<PublishedKey[]> {
    return (await publishedKeys(this.store.prisma, issuerUscc)).map(toPublished);
  }

  async publishedKey(kid: string): Promise<PublishedKey | undefined> {
    const row = await findPublishedKey(this.store.prisma, kid);
    return row ? toPublished(row) : undefined;
  }
}

export function toPublished(row: KeyRow): PublishedKey {
  return {
    kid: row.kid,
    issuerUscc: row.issuerUscc,
    issuerName: row.issuerName,
    algorithm: row.algorithm,
    signerId: SM2_SIGNER_ID,
    publicKey: row.publicKey,
    publicKeyPem: sm2PublicKeyPem(row.publicKey),
    status: asStatus(row.status),
    createdAt: row.createdAt.toISOString(),
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}
