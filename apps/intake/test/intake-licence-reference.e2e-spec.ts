import {
  LicenceExpired,
  LicenceIssued,
  LicenceRestored,
  LicenceRevoked,
  LicenceSuspended,
  LT,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import {
  foodSnapshot,
  intakeEvents,
  LISI_ID,
  ownLicence,
  publishEvent,
  publishImplementation,
  startIntake,
  statusChange,
  XIHU_TECH_USCC,
  ZHANGSAN_ID,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/**
 * 免提交: an applicant gives their own e-licence instead of a file for a material whose catalog definition lists
 * replacing licence types. Intake checks it against its read model of the licence service's events (no call to
 * the licence service) at pre-check, submit, supplement and again at the window's acceptance.
 */
describe.each(kinds)('intake e-licence references (免提交) on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const code = snapshot.implementationCode;
  const count = async (table: string) =>
    Number((await h.database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);
  const holding = async (identifier: string) =>
    (
      await h.database.db.sql.query<{ status: string; valid_until: Date | null }>(
        'SELECT status, valid_until FROM licence_holding WHERE identifier = $1',
        [identifier],
      )
    )[0];

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Materials with the 营业执照 given as the licence `identifier`. */
  const withLicence = async (user: string, identifier: string) => [
    { materialId: 'application', source: 'upload', fileIds: [await h.api.fileId(user)] },
    { materialId: 'business-licence', source: 'licence', licenceIdentifier: identifier },
  ];

  describe('read model of licences', () => {
    it("a status only moves to a newer event's: an issue or an older status arriving late changes nothing; redelivery is harmless", async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '101');
      // Revocation overtakes the issue (another partition, a replay): the late issue fills in validity only.
      await publishEvent(h, LicenceRevoked, statusChange(bl, '2025-07-01T02:00:00.000Z'));
      await publishEvent(h, LicenceIssued, bl);
      expect(await holding(bl.identifier)).toEqual({
        status: 'revoked',
        valid_until: new Date(bl.validUntil ?? ''),
      });

      const other = ownLicence(ZHANGSAN_ID, 'BL', '102');
      await publishEvent(h, LicenceIssued, other);
      const suspendedId = await publishEvent(
        h,
        LicenceSuspended,
        statusChange(other, '2025-07-01T02:00:00.000Z', '暂扣'),
      );
      await publishEvent(h, LicenceRestored, statusChange(other, '2025-08-01T02:00:00.000Z', '恢复'));
      await publishEvent(
        h,
        LicenceSuspended,
        statusChange(other, '2025-07-01T02:00:00.000Z', '暂扣'),
        suspendedId,
      ); // redelivered
      await publishEvent(h, LicenceSuspended, statusChange(other, '2025-06-15T02:00:00.000Z', '暂扣')); // an older one, late
      expect((await holding(other.identifier))?.status).toBe('valid');
    });

    it("the wallet lists the caller's own licences only; with an implementation, those usable and the materials they replace", async () => {
      const bl = ownLicence(LISI_ID, 'BL', '201');
      const fbl = ownLicence(LISI_ID, 'FBL', '202');
      const revoked = ownLicence(LISI_ID, 'BL', '203');
      for (const p of [bl, fbl, revoked]) await publishEvent(h, LicenceIssued, p);
      await publishEvent(h, LicenceRevoked, statusChange(revoked, '2025-09-01T02:00:00.000Z'));
      await publishEvent(h, LicenceIssued, ownLicence(ZHANGSAN_ID, 'BL', '204'));

      const all = await h.api.get('lisi', '/licences');
      expect(all.status).toBe(200);
      expect(all.body.items.map((i: { identifier: string }) => i.identifier).sort()).toEqual(
        [bl.identifier, fbl.identifier, revoked.identifier].sort(),
      );
      expect(
        all.body.items.find((i: { identifier: string }) => i.identifier === revoked.identifier),
      ).toMatchObject({ status: 'revoked', statusLabel: '已撤销', usable: false });

      const usable = await h.api.get('lisi', '/licences', { implementationCode: code });
      expect(usable.body).toMatchObject({ implementationCode: code, implementationVersion: 1 });
      expect(usable.body.items).toEqual([
        expect.objectContaining({
          identifier: bl.identifier,
          licenceTypeCode: LT.BL,
          usable: true,
          replaces: [{ materialId: 'business-licence', name: '营业执照' }],
        }),
      ]);
      expect((await h.api.get('clerk.xihu', '/licences')).status).toBe(403);
      expect((await h.api.get('lisi', '/licences', { implementationCode: 'nope' })).body).toMatchObject({
        code: 'IMPLEMENTATION_UNKNOWN',
      });
    });
  });

  describe('at submit', () => {
    it('records the reference (identifier, type, checked-at) on the material row; the clerk sees it', async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '301');
      await publishEvent(h, LicenceIssued, bl);
      const res = await h.api.post('zhangsan', '/applications', {
        implementationCode: code,
        materials: await withLicence('zhangsan', bl.identifier),
      });
      expect(res.status).toBe(201);
      const row = (
        await h.database.db.sql.query<{
          licence_identifier: string;
          licence_type_code: string;
          licence_checked_at: Date;
        }>(
          `SELECT licence_identifier, licence_type_code, licence_checked_at FROM application_material WHERE application_no = $1 AND source = 'licence'`,
          [res.body.no],
        )
      )[0];
      expect(row).toEqual({
        licence_identifier: bl.identifier,
        licence_type_code: LT.BL,
        licence_checked_at: h.clock.now(),
      });
      const seen = await h.api.get('clerk.xihu', `/applications/${res.body.no}`);
      expect(
        seen.body.materials.find((m: { materialId: string }) => m.materialId === 'business-licence'),
      ).toMatchObject({
        source: 'licence',
        files: [],
        licence: {
          identifier: bl.identifier,
          licenceTypeCode: LT.BL,
          checkedAt: h.clock.now().toISOString(),
        },
      });
    });

    it('a business applicant (USCC) uses its own licence', async () => {
      const bl = ownLicence(XIHU_TECH_USCC, 'BL', '302');
      await publishEvent(h, LicenceIssued, bl);
      const res = await h.api.post('xihu-tech', '/applications', {
        implementationCode: code,
        materials: await withLicence('xihu-tech', bl.identifier),
      });
      expect(res.status).toBe(201);
    });

    it("refuses with a 422 naming the material and the problem: another holder's, unknown, not valid, expired, wrong type — nothing stored", async () => {
      const others = ownLicence(LISI_ID, 'BL', '401');
      const suspended = ownLicence(ZHANGSAN_ID, 'BL', '402');
      const lapsed = ownLicence(ZHANGSAN_ID, 'BL', '403', { validUntil: '2026-01-31T16:00:00.000Z' });
      const superseded = ownLicence(ZHANGSAN_ID, 'BL', '404');
      const food = ownLicence(ZHANGSAN_ID, 'FBL', '405');
      for (const p of [others, suspended, lapsed, superseded, food]) await publishEvent(h, LicenceIssued, p);
      await publishEvent(h, LicenceSuspended, statusChange(suspended, '2025-10-01T02:00:00.000Z', '暂扣'));
      await publishEvent(h, LicenceExpired, {
        ...statusChange(superseded, '2025-11-01T02:00:00.000Z', '已换发'),
        supersededBy: ownLicence(ZHANGSAN_ID, 'BL', '406').identifier,
      });
      const unknown = ownLicence(ZHANGSAN_ID, 'BL', '499').identifier;

      const before = [
        await count('application'),
        await count('application_material'),
        await count('uploaded_file WHERE application_no IS NOT NULL'),
      ];
      const cases: [string, string, Record<string, unknown>][] = [
        [others.identifier, 'LICENCE_NOT_HELD', { problem: 'not-held' }],
        [unknown, 'LICENCE_NOT_HELD', { problem: 'not-held' }],
        [
          suspended.identifier,
          'LICENCE_NOT_VALID',
          { problem: 'not-valid', status: 'suspended', statusLabel: '暂扣' },
        ],
        [superseded.identifier, 'LICENCE_NOT_VALID', { problem: 'not-valid', status: 'expired' }],
        [lapsed.identifier, 'LICENCE_EXPIRED', { problem: 'expired' }],
        [food.identifier, 'LICENCE_NOT_ALLOWED', { allowed: [LT.BL] }],
      ];
      for (const [identifier, errorCode, details] of cases) {
        const res = await h.api.post('zhangsan', '/applications', {
          implementationCode: code,
          materials: await withLicence('zhangsan', identifier),
        });
        expect([res.status, res.body.code]).toEqual([422, errorCode]);
        expect(res.body.details).toMatchObject({ field: 'materials.1.licenceIdentifier', ...details });
        if (errorCode !== 'LICENCE_NOT_ALLOWED') {
          expect(res.body.details).toMatchObject({
            materialId: 'business-licence',
            materialName: '营业执照',
            licenceIdentifier: identifier,
          });
          expect(res.body.message).toContain('营业执照');
        }
      }
      expect([
        await count('application'),
        await count('application_material'),
        await count('uploaded_file WHERE application_no IS NOT NULL'),
      ]).toEqual(before);
      // Another holder's licence and an unknown one answer alike: nothing about other people's licences leaks.
      const probe = async (id: string) => {
        const body = (
          await h.api.post('zhangsan', '/applications/precheck', {
            implementationCode: code,
            materials: await withLicence('zhangsan', id),
          })
        ).body;
        return {
          ...body,
          details: { ...body.details, licenceIdentifier: undefined },
          message: undefined,
          correlationId: undefined,
        };
      };
      expect(await probe(others.identifier)).toEqual(await probe(unknown));
    });

    it("pre-check answers the same problems; a clerk's pre-check for a walk-in checks the walk-in's licences", async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '501');
      await publishEvent(h, LicenceIssued, bl);
      await publishEvent(h, LicenceRevoked, statusChange(bl, '2026-01-05T02:00:00.000Z'));
      const pre = await h.api.post('zhangsan', '/applications/precheck', {
        implementationCode: code,
        materials: await withLicence('zhangsan', bl.identifier),
      });
      expect([pre.status, pre.body.code, pre.body.details.materialId]).toEqual([
        422,
        'LICENCE_NOT_VALID',
        'business-licence',
      ]);

      const walkIn = ownLicence(LISI_ID, 'BL', '502');
      await publishEvent(h, LicenceIssued, walkIn);
      const applicant = { kind: 'person', name: '李四', idNumber: LISI_ID };
      const ok = await h.api.post('clerk.xihu', '/applications/precheck', {
        implementationCode: code,
        applicant,
        materials: await withLicence('clerk.xihu', walkIn.identifier),
      });
      expect([ok.status, ok.body.submittable]).toEqual([200, true]);
      const notTheirs = await h.api.post('clerk.xihu', '/applications/precheck', {
        implementationCode: code,
        applicant: { kind: 'person', name: '张三', idNumber: ZHANGSAN_ID },
        materials: await withLicence('clerk.xihu', walkIn.identifier),
      });
      expect([notTheirs.status, notTheirs.body.code]).toEqual([422, 'LICENCE_NOT_HELD']);
    });
  });

  describe('at the window', () => {
    const statusOf = async (no: string) =>
      (
        await h.database.db.sql.query<{ status: string; row_version: number }>(
          'SELECT status, row_version FROM application WHERE no = $1',
          [no],
        )
      )[0];

    async function submitWith(identifier: string, complete = true): Promise<string> {
      const materials = [
        ...(await withLicence('zhangsan', identifier)),
        ...(complete
          ? [
              { materialId: 'layout', source: 'promise', promise: '本人承诺经营场所布局符合要求' },
              { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
            ]
          : []),
      ];
      const res = await h.api.post('zhangsan', '/applications', { implementationCode: code, materials });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.no as string;
    }

    it('a licence revoked after submission: accept is refused with 422 naming the material, the application is unchanged', async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '601');
      await publishEvent(h, LicenceIssued, bl);
      const no = await submitWith(bl.identifier);
      await publishEvent(
        h,
        LicenceRevoked,
        statusChange(bl, '2026-03-02T03:00:00.000Z', '以欺骗手段取得，依法撤销'),
      );
      const before = await statusOf(no);
      const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
      expect([res.status, res.body.code]).toEqual([422, 'LICENCE_RECHECK_FAILED']);
      expect(res.body.details.problems).toEqual([
        expect.objectContaining({
          materialId: 'business-licence',
          materialName: '营业执照',
          licenceIdentifier: bl.identifier,
          problem: 'not-valid',
          status: 'revoked',
        }),
      ]);
      expect(await statusOf(no)).toEqual(before);
      expect((await intakeEvents(h, 'intake.application.accepted')).filter((e) => e.key === no)).toEqual([]);
      // 容缺受理 re-checks as well.
      const tolerance = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
        mode: 'tolerance',
        missingMaterialIds: ['health'],
        promise: '承诺',
        supplyWithinDays: 3,
      });
      expect(tolerance.body.code).toBe('LICENCE_RECHECK_FAILED');
      // The clerk asks for the material instead; the applicant answers with a file.
      const notice = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
        items: [{ materialId: 'business-licence', problem: '电子营业执照已撤销，请提交有效营业执照' }],
      });
      expect(notice.status).toBe(200);
      const supplied = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
        materials: [
          { materialId: 'business-licence', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
        ],
      });
      expect(supplied.status).toBe(200);
      expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
    });

    it('a licence that expired between submission and acceptance is caught too', async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '602', { validUntil: '2026-03-05T16:00:00.000Z' });
      await publishEvent(h, LicenceIssued, bl);
      const no = await submitWith(bl.identifier);
      h.clock.set(new Date('2026-03-06T02:00:00.000Z'));
      try {
        const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
        expect([res.status, res.body.details.problems[0]?.problem]).toEqual([422, 'expired']);
      } finally {
        h.clock.set(new Date('2026-03-02T02:00:00.000Z'));
      }
    });

    it('still valid at acceptance: accepted, checked-at moves to the acceptance, the accepted event carries the reference', async () => {
      const bl = ownLicence(ZHANGSAN_ID, 'BL', '603');
      await publishEvent(h, LicenceIssued, bl);
      const no = await submitWith(bl.identifier);
      const acceptAt = new Date('2026-03-02T06:00:00.000Z');
      h.clock.set(acceptAt);
      try {
        expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
      } finally {
        h.clock.set(new Date('2026-03-02T02:00:00.000Z'));
      }
      const [accepted] = (await intakeEvents(h, 'intake.application.accepted')).filter((e) => e.key === no);
      expect(
        (accepted?.payload.materials as Record<string, unknown>[]).find(
          (m) => m.materialId === 'business-licence',
        ),
      ).toMatchObject({
        source: 'licence',
        licenceIdentifier: bl.identifier,
        licenceTypeCode: LT.BL,
        licenceCheckedAt: acceptAt.toISOString(),
      });
    });

    it("a supplement answered with an e-licence is checked against the applicant's holdings", async () => {
      const no = await submitWith(ownLicence(ZHANGSAN_ID, 'BL', '603').identifier);
      await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
        items: [{ materialId: 'business-licence', problem: '请提供最新营业执照' }],
      });
      const answer = (identifier: string) =>
        h.api.post('zhangsan', `/applications/${no}/supplement`, {
          materials: [{ materialId: 'business-licence', source: 'licence', licenceIdentifier: identifier }],
        });
      const foreign = await answer(ownLicence(LISI_ID, 'BL', '201').identifier);
      expect([foreign.status, foreign.body.code, foreign.body.details.field]).toEqual([
        422,
        'LICENCE_NOT_HELD',
        'materials.0.licenceIdentifier',
      ]);
      const renewed = ownLicence(ZHANGSAN_ID, 'BL', '604');
      await publishEvent(h, LicenceIssued, renewed);
      const ok = await answer(renewed.identifier);
      expect(ok.status).toBe(200);
      expect(
        ok.body.materials
          .filter((m: { current: boolean }) => m.current)
          .find((m: { materialId: string }) => m.materialId === 'business-licence'),
      ).toMatchObject({
        round: 1,
        licence: { identifier: renewed.identifier, licenceTypeCode: LT.BL },
      });
    });
  });
});
