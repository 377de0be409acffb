import {
  fillLicenceFields,
  LicenceExpired,
  LicenceIssued,
  printedValue,
  SYSTEM_ACTOR,
  type Actor,
  type CaseDecidedPayload,
  type LicenceFieldEntry,
  type LicenceFillContext,
  type LicenceStatusChangedPayload,
  type ResultLicence,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { buildLicenceIdentifier, formatSerial } from '../identifier/licence-identifier.js';
import { registrationCode } from '../identifier/registration-code.js';
import type { LicenceRawTx, LicenceStore, LicenceTx } from '../licence.store.js';
import { licenceTypeView } from '../licence-types/licence-types.service.js';
import { chinaDate, chinaDateLabel, validUntil } from '../dates/china-date.js';
import {
  qrBoundRecord,
  recordDigest,
  signedRecordText,
  type LicenceData,
} from '../records/directory-record.js';
import {
  asStatus,
  fieldsOf,
  heldLicenceIdentifiersByIndex,
  insertLicences,
  licenceData,
  lockLicenceRow,
  moveStatus,
  nextSerials,
  replaceSignature,
  serialKey,
  type LicenceRow,
  type SealedLicence,
} from '../records/licence.repository.js';
import { maskCode, maskName } from '../records/masking.js';
import type { SigningKeysService } from '../signing/signing-keys.service.js';
import { encodeQrPayload } from '../signing/qr-payload.js';
import { issuanceContext, typeKey, type ActiveKeyRow } from './issuance.repository.js';

const MAX_FIELDS = 20;

/**
 * The data fields printed on a licence: the type's field entries filled by the shared rule (`fillLicenceFields`,
 * libs/contracts: form data, holder, decision, catalog, computed values); without entries, the form's simple values.
 */
export function licenceFields(
  entries: readonly LicenceFieldEntry[],
  ctx: LicenceFillContext,
): { fields: Array<{ label: string; value: string }>; missing: string[] } {
  if (entries.length > 0) return fillLicenceFields(entries, ctx);
  const fields = Object.entries(ctx.formData)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, MAX_FIELDS)
    .flatMap(([label, v]) => {
      const value = printedValue(v);
      return value === undefined ? [] : [{ label, value }];
    });
  return { fields, missing: [] };
}

export interface IssuedLicence {
  identifier: string;
  typeCode: string;
  previousIdentifier?: string;
}

/** The form-data key that names the licence a renewal or change replaces (takes precedence over the handling kind). */
export const PREVIOUS_LICENCE_FIELD = 'previousLicenceIdentifier';

/**
 * Statuses a licence can be renewed or changed from: only 有效 (a suspended one is restored first — a new
 * version must not lift a 暂扣; a revoked, cancelled or expired one needs a new application).
 */
export const RENEWABLE_STATUSES: ReadonlySet<string> = new Set(['valid']);

/** A licence to write, with the version it replaces (locked by the caller, valid) if any. */
export interface LicenceWrite {
  data: NewLicence;
  replaces?: { row: LicenceRow; reason: string };
}

/** A licence to write: the directory data plus what the row keeps beside it. */
export interface NewLicence extends LicenceData {
  serial: string;
  departmentCode: string;
  holderUserId: string | null;
  applicationNo: string | null;
  implementationCode: string | null;
  template: string;
}

/**
 * Issues the licences of an approving decision (多证联办: one per licence type named), in the consumer's
 * transaction: serial, identifier, signed directory record, signed QR payload, a pending render job and the
 * `licence.issued` event all commit together. A type already issued for the application is skipped, so a
 * replayed or re-sent decision never issues twice.
 *
 * Renewal (延续) and change (变更), one rule: the decision replaces a licence when its form data names it
 * (`previousLicenceIdentifier`), or else when the implementation's handling kind (业务办理项, from the catalog
 * snapshot) is `renew`/`change` and the holder holds exactly one valid licence of that type from that
 * issuer. The replaced licence must have the same type, issuer and holder and be valid; otherwise the
 * decision issues a new licence (version 1). The new version keeps the serial, takes version + 1 and links
 * `previousIdentifier`; the previous one becomes 失效（已换发） (`superseded`, `licence.expired` with
 * `supersededBy`). A renewal starts a new validity period; a change keeps the previous one. Fields missing from
 * the form keep their previous values.
 */
export class IssuanceService {
  constructor(
    private readonly store: LicenceStore,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs in the consumer's transaction on the database's own driver (raw SQL only, issue 22): one read for all the
   * licences of the decision (handling kind, licences already issued, licence types, the issuers' active keys), one
   * serial allocation, one insert of the licences and their events (one outbox statement); the renewal path adds the
   * reads and writes of the licence each one replaces.
   */
  async issueForDecision(tx: LicenceRawTx, decision: CaseDecidedPayload): Promise<IssuedLicence[]> {
    if (decision.outcome !== 'approved') return [];
    const results: ResultLicence[] = [];
    const seen = new Set<string>();
    for (const result of decision.licences) {
      if (seen.has(result.licenceTypeCode)) continue;
      seen.add(result.licenceTypeCode);
      results.push(result);
    }
    if (results.length === 0) return [];
    const context = await issuanceContext(tx, {
      implementationCode: decision.implementationCode,
      applicationNo: decision.applicationNo,
      types: results.map((r) => ({ code: r.licenceTypeCode, issuerUscc: issuerOf(decision, r).uscc })),
    });
    const handlingKind = context.handlingKind;
    // What each licence type of the decision comes to: issued already (skipped), a new version of a licence it
    // replaces, or a new licence (a new serial).
    const plan: Array<{ result: ResultLicence; issued?: { fields: unknown }; previous?: LicenceRow }> = [];
    for (const result of results) {
      const issued = context.issued.get(result.licenceTypeCode);
      if (issued) {
        plan.push({ result, issued });
        continue;
      }
      const previous = await this.previousFor(tx, decision, result, handlingKind);
      plan.push({ result, ...(previous && { previous }) });
    }
    const serials = await nextSerials(
      tx,
      plan
        .filter((p) => !p.issued && !p.previous)
        .map((p) => ({ issuerUscc: issuerOf(decision, p.result).uscc, typeCode: p.result.licenceTypeCode })),
    );
    // 多证联办: the licences of one decision describe one subject — a field one leaves empty (the 统一社会信用代码
    // of a business the same decision registers) takes the value a sibling licence printed under the same label.
    const siblings = new Map<string, string>();
    const learn = (fields: ReadonlyArray<{ label: string; value: string }>) => {
      for (const f of fields) if (f.value !== '' && !siblings.has(f.label)) siblings.set(f.label, f.value);
    };
    const writes: LicenceWrite[] = [];
    for (const { result, issued, previous } of plan) {
      if (issued) {
        learn(fieldsOf(issued as { fields: LicenceRow['fields'] }));
        continue;
      }
      const issuer = issuerOf(decision, result);
      const next = previous
        ? undefined
        : serials.get(serialKey(issuer.uscc, result.licenceTypeCode))?.shift();
      if (!previous && next === undefined) throw new Error('serial allocation returned nothing');
      const serial = previous ? previous.serial : formatSerial(next ?? 0n);
      const write = this.licenceOf(
        decision,
        result,
        previous,
        handlingKind === 'change' ? 'change' : 'renew',
        siblings,
        context.types.get(typeKey(result.licenceTypeCode, issuer.uscc)),
        serial,
      );
      learn(write.data.fields);
      writes.push(write);
    }
    return this.writeLicences(tx, writes, SYSTEM_ACTOR, context.keys);
  }

  /** The licence this decision replaces (locked), if any — see the class comment for the rule. */
  private async previousFor(
    tx: LicenceRawTx,
    decision: CaseDecidedPayload,
    result: ResultLicence,
    handlingKind: string | undefined,
  ): Promise<LicenceRow | undefined> {
    const named = decision.formData[PREVIOUS_LICENCE_FIELD];
    const sameLicence = {
      typeCode: result.licenceTypeCode,
      issuerUscc: issuerOf(decision, result).uscc,
      holderIdNumber: decision.holder.idNumber,
    };
    let identifier: string | undefined;
    if (typeof named === 'string' && named.trim()) {
      identifier = named.trim();
    } else if (handlingKind === 'renew' || handlingKind === 'change') {
      const held = await heldLicenceIdentifiersByIndex(
        tx,
        {
          typeCode: sameLicence.typeCode,
          issuerUscc: sameLicence.issuerUscc,
          holderIdNumberBidx: this.store.cipher.blindIndex('idNumber', sameLicence.holderIdNumber),
        },
        [...RENEWABLE_STATUSES],
        2,
      );
      if (held.length === 1) identifier = held[0];
    }
    if (!identifier) return undefined;
    const row = await lockLicenceRow(tx, identifier, this.store.reveal);
    if (
      !row ||
      row.typeCode !== sameLicence.typeCode ||
      row.issuerUscc !== sameLicence.issuerUscc ||
      row.holderIdNumber !== sameLicence.holderIdNumber
    )
      return undefined;
    return RENEWABLE_STATUSES.has(row.status) ? row : undefined;
  }

  /** The licence one result of the decision comes to (its fields filled), with the version it replaces if any. */
  private licenceOf(
    decision: CaseDecidedPayload,
    result: ResultLicence,
    previous: LicenceRow | undefined,
    kind: 'renew' | 'change',
    siblings: ReadonlyMap<string, string>,
    typeRow: Parameters<typeof licenceTypeView>[0] | undefined,
    serial: string,
  ): LicenceWrite {
    const issuer = issuerOf(decision, result);
    const type = typeRow ? licenceTypeView(typeRow) : undefined;
    const entries = result.fields.length > 0 ? result.fields : (type?.fields ?? []);
    const now = this.clock.now();
    const holder = decision.holder;
    const keepValidity = previous !== undefined && kind === 'change';
    const version = previous ? previous.version + 1 : 1;
    const identifier = buildLicenceIdentifier({
      typeCode: result.licenceTypeCode,
      issuerUscc: issuer.uscc,
      serial,
      version,
    });
    const validFrom = keepValidity ? previous.validFrom : now;
    const until = keepValidity ? previous.validUntil : validUntil(now, result.validityMonths);
    const untilLabel = until ? chinaDateLabel(chinaDate(until)) : '长期';
    const filled = licenceFields(entries, {
      formData: decision.formData,
      holder,
      decision: { decidedAt: decision.decidedAt, applicationNo: decision.applicationNo },
      catalog: { issuer: issuer.name, implementingBody: decision.issuer.name, itemName: decision.itemName },
      computed: {
        licenceNumber: identifier,
        validity: until ? `${chinaDateLabel(chinaDate(validFrom))}至${untilLabel}` : '长期',
        validUntil: untilLabel,
        issueDate: chinaDateLabel(chinaDate(now)),
        registrationCode: (prefix) =>
          registrationCode(
            prefix,
            /^\d{6}$/.test(decision.regionCode) ? decision.regionCode : issuer.uscc.slice(2, 8),
            serial,
          ),
      },
    });
    let fields = filled.fields;
    let missing = filled.missing;
    if (previous) {
      // 延续/变更: a field the new form data leaves empty keeps its previous value.
      const before = new Map(fieldsOf(previous).map((f) => [f.label, f.value]));
      fields = fields.map((f) => (f.value === '' ? { label: f.label, value: before.get(f.label) ?? '' } : f));
      missing = missing.filter((label) => !before.get(label));
    }
    fields = fields.map((f) =>
      f.value === '' && siblings.has(f.label) ? { label: f.label, value: siblings.get(f.label) ?? '' } : f,
    );
    missing = missing.filter((label) => !siblings.get(label));
    if (missing.length > 0) {
      // Approval's precheck on decide refuses such a decision; a decision that still gets here is not issued blank.
      throw new AppError(
        'LICENCE_FIELDS_MISSING',
        `${result.name}: required fields cannot be filled: ${missing.join('、')}`,
        422,
        {
          licences: [{ licenceTypeCode: result.licenceTypeCode, name: result.name, fields: missing }],
        },
      );
    }
    return {
      data: {
        identifier,
        name: result.name,
        typeCode: result.licenceTypeCode,
        version,
        previousIdentifier: previous?.identifier ?? null,
        holderKind: holder.kind,
        holderName: holder.name,
        holderIdType: holder.idType,
        holderIdNumber: holder.idNumber,
        issuerName: issuer.name,
        issuerUscc: issuer.uscc,
        jurisdiction: decision.regionCode,
        issuedAt: now,
        validFrom,
        validUntil: until,
        fields,
        serial,
        departmentCode: issuer.departmentCode,
        holderUserId: holder.userId ?? previous?.holderUserId ?? null,
        applicationNo: decision.applicationNo,
        implementationCode: decision.implementationCode,
        template: type?.template ?? previous?.template ?? 'standard',
      },
      ...(previous && {
        replaces: {
          row: previous,
          reason: `${kind === 'change' ? '变更' : '延续'}（申请 ${decision.applicationNo}），已换发 `,
        },
      }),
    };
  }

  /**
   * Signs and stores one licence version with its `licence.issued` event; with `replaces`, the previous version
   * (locked by the caller, valid) becomes superseded with a `licence.expired` event — one transaction.
   */
  async writeLicence(
    tx: LicenceRawTx,
    data: NewLicence,
    actor: Actor,
    replaces?: { row: LicenceRow; reason: string },
  ): Promise<IssuedLicence> {
    const [written] = await this.writeLicences(tx, [{ data, ...(replaces && { replaces }) }], actor);
    if (!written) throw new Error(`licence ${data.identifier} was not written`);
    return written;
  }

  /**
   * `writeLicence` for several licences (the licences of one decision): each signed, all stored in one statement,
   * then their events in order (`licence.issued`, and `licence.expired` of the version it replaces). `activeKeys`:
   * the issuers' active keys as read in `tx` FOR SHARE (see `SigningKeysService.signAll`).
   */
  async writeLicences(
    tx: LicenceRawTx,
    writes: readonly LicenceWrite[],
    actor: Actor,
    activeKeys?: readonly ActiveKeyRow[],
  ): Promise<IssuedLicence[]> {
    const rows: SealedLicence[] = [];
    for (const { data } of writes) {
      const keys = activeKeys?.filter((k) => k.issuerUscc === data.issuerUscc);
      const { kid, signature, qrPayload } = await this.sign(tx, data, keys);
      rows.push(
        this.store.seal('Licence', {
          identifier: data.identifier,
          typeCode: data.typeCode,
          name: data.name,
          serial: data.serial,
          version: data.version,
          previousIdentifier: data.previousIdentifier,
          issuerUscc: data.issuerUscc,
          issuerName: data.issuerName,
          departmentCode: data.departmentCode,
          holderKind: data.holderKind,
          holderName: data.holderName,
          holderIdType: data.holderIdType,
          holderIdNumber: data.holderIdNumber,
          holderIdNumberBidx: null,
          holderUserId: data.holderUserId,
          applicationNo: data.applicationNo,
          implementationCode: data.implementationCode,
          jurisdiction: data.jurisdiction,
          issuedAt: data.issuedAt,
          validFrom: data.validFrom,
          validUntil: data.validUntil,
          fields: data.fields.map((f) => ({ label: f.label, value: f.value })),
          template: data.template,
          record: JSON.parse(signedRecordText(data)) as object,
          signature,
          keyId: kid,
          qrPayload,
        }),
      );
    }
    await insertLicences(tx, rows);
    const issued: IssuedLicence[] = [];
    for (const { data, replaces } of writes) {
      await this.store.messaging.stage(tx, LicenceIssued, {
        identifier: data.identifier,
        licenceTypeCode: data.typeCode,
        name: data.name,
        ...(data.applicationNo ? { applicationNo: data.applicationNo } : {}),
        holderIdNumber: data.holderIdNumber,
        issuerUscc: data.issuerUscc,
        departmentCode: data.departmentCode,
        occurredAt: data.issuedAt.toISOString(),
        actor,
        issuedAt: data.issuedAt.toISOString(),
        validFrom: data.validFrom.toISOString(),
        validUntil: data.validUntil?.toISOString() ?? null,
        ...(data.previousIdentifier ? { previousIdentifier: data.previousIdentifier } : {}),
      });
      if (replaces)
        await this.supersede(
          tx,
          replaces.row,
          data.identifier,
          `${replaces.reason}${data.identifier}`,
          actor,
          data.issuedAt,
        );
      issued.push({
        identifier: data.identifier,
        typeCode: data.typeCode,
        ...(data.previousIdentifier ? { previousIdentifier: data.previousIdentifier } : {}),
      });
    }
    return issued;
  }

  /** Signs the directory record and the QR payload with the issuer's active key (made on first use). */
  private async sign(
    tx: LicenceRawTx,
    data: LicenceData,
    activeKeys?: readonly ActiveKeyRow[],
  ): Promise<{ kid: string; signature: string; qrPayload: string }> {
    const recordText = signedRecordText(data);
    const issuer = { uscc: data.issuerUscc, name: data.issuerName };
    const { kid, signatures } = await this.keys.signAll(tx, issuer, [recordText], activeKeys);
    const qrPayload = encodeQrPayload(
      {
        i: data.identifier,
        n: data.name,
        h: maskName(data.holderName, data.holderKind === 'business' ? 'business' : 'person'),
        c: maskCode(data.holderIdNumber),
        f: chinaDate(data.validFrom),
        u: data.validUntil ? chinaDate(data.validUntil) : '',
        k: kid,
        d: recordDigest(qrBoundRecord(data)),
      },
      (message) => this.keys.signWithKid(kid, message),
    );
    return { kid, signature: signatures[0] ?? '', qrPayload };
  }

  /**
   * 重新签发: the same directory record signed again with the issuer's current key (a revoked key is never active),
   * a new QR payload, and the PDF queued for rendering again. The caller holds the row lock and changes the status.
   */
  async resign(tx: LicenceTx, row: LicenceRow): Promise<{ kid: string }> {
    const { kid, signature, qrPayload } = await this.sign(tx, licenceData(row));
    await replaceSignature(tx, row.identifier, { signature, keyId: kid, qrPayload });
    return { kid };
  }

  /** 失效（已换发）: the previous version points to its successor; `licence.expired` carries `supersededBy`. */
  private async supersede(
    tx: LicenceRawTx,
    row: LicenceRow,
    successor: string,
    reason: string,
    actor: Actor,
    at: Date,
  ): Promise<void> {
    const from = asStatus(row.status);
    await moveStatus(tx, {
      identifier: row.identifier,
      from,
      to: 'superseded',
      supersededBy: successor,
      reason,
      actor,
      at,
    });
    const payload: LicenceStatusChangedPayload = {
      identifier: row.identifier,
      licenceTypeCode: row.typeCode,
      name: row.name,
      ...(row.applicationNo ? { applicationNo: row.applicationNo } : {}),
      holderIdNumber: row.holderIdNumber,
      issuerUscc: row.issuerUscc,
      departmentCode: row.departmentCode,
      occurredAt: at.toISOString(),
      actor,
      reason,
      supersededBy: successor,
    };
    await this.store.messaging.stage(tx, LicenceExpired, payload);
  }
}

/**
 * 出证机构: the body the catalog names for this result (多证联办: the fire-safety certificate by the fire-rescue
 * department, …), signing with its own key; the implementing body of the decision when the catalog names none.
 */
export function issuerOf(decision: CaseDecidedPayload, result: ResultLicence): CaseDecidedPayload['issuer'] {
  return result.issuingBody ?? decision.issuer;
}
