import { describe, expect, it } from '@jest/globals';
import {
  ApplicationForm,
  exampleFormData,
  fillLicenceFields,
  formDefinitionProblems,
  isLicenceTypeCodeFormat,
  licenceTypeCodeEntry,
  LT,
  validateFormData,
  CatalogExchange,
} from '@hall/contracts';
import { demoCatalog } from './demo-catalog.data.js';

/** GB 32100-2015 check character, implemented here independently of the data module. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHARS.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`not a USCC character: ${first17.charAt(i)}`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return USCC_CHARS.charAt(check === 31 ? 0 : check);
}

function isValidUscc(value: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value) && usccCheckChar(value.slice(0, 17)) === value.charAt(17);
}

const catalog = CatalogExchange.parse(demoCatalog);
const { regions, departments, baseItems, implementations } = catalog;
const regionByCode = new Map(regions.map((r) => [r.code, r]));
const departmentCodes = new Set(departments.map((d) => d.code));
const LEVEL_OF_KIND: Readonly<Record<string, string>> = {
  province: '2',
  city: '3',
  county: '4',
  town: '5',
  township: '5',
  subdistrict: '5',
};

describe('demo catalog', () => {
  it('parses as a catalog exchange document', () => {
    expect(() => CatalogExchange.parse(demoCatalog)).not.toThrow();
    expect(catalog.format).toBe('hall-catalog/1');
  });

  it('has at least 30 base items with unique codes and resolvable parents', () => {
    expect(baseItems.length).toBeGreaterThanOrEqual(30);
    const codes = baseItems.map((b) => b.code);
    expect(new Set(codes).size).toBe(codes.length);
    const codeSet = new Set(codes);
    const children = baseItems.filter((b) => b.parentCode !== undefined);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(codeSet.has(child.parentCode ?? '')).toBe(true);
    expect(new Set(children.map((c) => c.handlingKind).filter(Boolean))).toEqual(
      new Set(['new', 'change', 'renew', 'cancel']),
    );
    for (const impl of implementations) expect(codeSet.has(impl.baseCode)).toBe(true);
  });

  it('has search synonyms whose every alias reaches a published item name through an expansion', () => {
    const published = new Set(implementations.filter((i) => i.publish).map((i) => i.baseCode));
    const names = baseItems.filter((b) => published.has(b.code)).map((b) => b.name);
    expect(catalog.synonyms.length).toBeGreaterThanOrEqual(10);
    for (const s of catalog.synonyms) {
      const reached = s.expansions.filter((e) => names.some((n) => n.includes(e)));
      expect({ alias: s.alias, reached: reached.length > 0 }).toEqual({ alias: s.alias, reached: true });
    }
  });

  it('has at least 40 implementations', () => {
    expect(implementations.length).toBeGreaterThanOrEqual(40);
  });

  it('defines the seven regions down to the county with a consistent hierarchy and uses all of them (and 三墩镇)', () => {
    const countyAndAbove = regions.filter((r) => r.code.length === 6);
    expect(countyAndAbove.map((r) => r.code).sort()).toEqual([
      '330000',
      '330100',
      '330102',
      '330106',
      '330200',
      '330203',
      '330212',
    ]);
    for (const region of regions) {
      const parent = region.parentCode === undefined ? undefined : regionByCode.get(region.parentCode);
      if (region.kind === 'province') expect(parent).toBeUndefined();
      if (region.kind === 'city') expect(parent?.kind).toBe('province');
      if (region.kind === 'county') {
        expect(parent?.kind).toBe('city');
        expect(region.code.slice(0, 4)).toBe(parent?.code.slice(0, 4));
      }
    }
    expect(new Set(implementations.map((i) => i.regionCode))).toEqual(
      new Set([...countyAndAbove.map((r) => r.code), '330106109000']),
    );
  });

  it('puts townships (乡/镇/街道) under the demo counties and villages (村/社区) under them, codes in the 12-digit shape', () => {
    const below = regions.filter((r) => r.code.length === 12);
    expect(below.length).toBeGreaterThanOrEqual(6);
    for (const region of below) {
      const parent = region.parentCode === undefined ? undefined : regionByCode.get(region.parentCode);
      if (['town', 'township', 'subdistrict'].includes(region.kind)) {
        expect(region.code).toMatch(/^\d{6}(?!000)\d{3}000$/);
        expect(parent?.kind).toBe('county');
        expect(region.code.slice(0, 6)).toBe(parent?.code);
      } else {
        expect(['village', 'community']).toContain(region.kind);
        expect(region.code).toMatch(/^\d{9}(?!000)\d{3}$/);
        expect(region.code.slice(0, 9)).toBe(parent?.code.slice(0, 9));
        expect(['town', 'township', 'subdistrict']).toContain(parent?.kind);
      }
    }
    expect(regionByCode.get('330106109000')?.name).toBe('三墩镇');
  });

  it('matches each implementation level to its region and links counties to their city', () => {
    for (const impl of implementations) {
      const region = regionByCode.get(impl.regionCode);
      expect(region).toBeDefined();
      if (!region) continue;
      expect(impl.level).toBe(LEVEL_OF_KIND[region.kind]);
      if (region.kind === 'county') {
        expect(impl.parentRegionCode).toBe(region.parentCode);
      } else {
        expect(impl.parentRegionCode).toBeUndefined();
      }
    }
  });

  it('implements the same base item at several levels or regions (三级四同)', () => {
    const placesByBase = new Map<string, Set<string>>();
    for (const impl of implementations) {
      const places = placesByBase.get(impl.baseCode) ?? new Set<string>();
      places.add(`${impl.level}:${impl.regionCode}`);
      placesByBase.set(impl.baseCode, places);
    }
    const multiLevel = [...placesByBase.entries()].filter(([code]) => {
      const levels = new Set(implementations.filter((i) => i.baseCode === code).map((i) => i.level));
      return levels.size >= 2;
    });
    expect(multiLevel.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every implementing body a valid GB 32100 unified social credit code of a government body', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true); // published GB 32100 example
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    for (const impl of implementations) {
      expect({ body: impl.implementingBody.name, valid: isValidUscc(impl.implementingBody.uscc) }).toEqual({
        body: impl.implementingBody.name,
        valid: true,
      });
      expect(impl.implementingBody.uscc.startsWith('11')).toBe(true);
      expect(impl.implementingBody.uscc.slice(2, 8)).toBe(impl.regionCode.slice(0, 6));
    }
    // One body, one code; one code, one body.
    const codeByName = new Map<string, string>();
    const nameByCode = new Map<string, string>();
    for (const { name, uscc } of implementations.map((i) => i.implementingBody)) {
      expect(codeByName.get(name) ?? uscc).toBe(uscc);
      expect(nameByCode.get(uscc) ?? name).toBe(name);
      codeByName.set(name, uscc);
      nameByCode.set(uscc, name);
    }
  });

  it('puts the legal limit on the base items (implementations inherit it), promises no more, and 即办件 are promised 0 days', () => {
    const legal = new Map(baseItems.map((b) => [b.code, b.legalLimitDays]));
    for (const impl of implementations) {
      expect(impl.legalLimitDays).toBeUndefined();
      const legalLimitDays = legal.get(impl.baseCode);
      expect(typeof legalLimitDays).toBe('number');
      expect(impl.promisedLimitDays).toBeLessThanOrEqual(legalLimitDays ?? -1);
      if (impl.caseType === '1') expect(impl.promisedLimitDays).toBe(0);
      if (impl.caseType === '2') expect(impl.promisedLimitDays).toBeGreaterThan(0);
    }
    expect(implementations.some((i) => i.caseType === '1')).toBe(true);
    expect(implementations.filter((i) => i.caseType === '2').length).toBeGreaterThan(
      implementations.length / 2,
    );
  });

  it('runs parallel approval: ≥ 8 general cases with 2-3 co-departments, a precondition and an escalated case', () => {
    const general = implementations.filter((i) => i.processTemplate.jointKind === 'general');
    expect(general.length).toBeGreaterThanOrEqual(8);
    for (const impl of general) {
      expect(impl.processTemplate.coDepartments.length).toBeGreaterThanOrEqual(2);
      expect(impl.processTemplate.coDepartments.length).toBeLessThanOrEqual(3);
      expect(impl.processTemplate.coDepartments.map((c) => c.code)).not.toContain(
        impl.processTemplate.lead.code,
      );
    }
    expect(implementations.some((i) => i.processTemplate.jointKind === 'precondition')).toBe(true);
    const escalated = implementations.filter((i) => i.processTemplate.jointKind === 'escalated');
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    for (const impl of escalated) expect(impl.processTemplate.escalateTo).toBeDefined();
    for (const impl of implementations.filter((i) => i.processTemplate.jointKind === 'single')) {
      expect(impl.processTemplate.coDepartments).toHaveLength(0);
    }
  });

  it('keeps every process limit within the promised limit and verifies on site with two officials', () => {
    for (const impl of implementations) {
      const { lead, coDepartments, steps, jointKind } = impl.processTemplate;
      expect(lead.code).toBe(impl.implementingBody.departmentCode);
      expect(lead.limitDays).toBeLessThanOrEqual(impl.promisedLimitDays);
      for (const co of coDepartments) expect(co.limitDays).toBeLessThanOrEqual(impl.promisedLimitDays);
      for (const s of steps) expect(s.limitDays).toBeLessThanOrEqual(impl.promisedLimitDays);
      if (jointKind === 'single' || jointKind === 'escalated') {
        expect(steps.reduce((sum, s) => sum + s.limitDays, 0)).toBeLessThanOrEqual(impl.promisedLimitDays);
      }
      expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
      for (const s of steps.filter((x) => x.name.includes('现场核查'))) expect(s.twoOfficials).toBe(true);
    }
    expect(implementations.some((i) => i.processTemplate.steps.some((s) => s.twoOfficials))).toBe(true);
  });

  it('has at least 3 implementations with several licences (多证联办) and sensible validity periods', () => {
    expect(implementations.filter((i) => i.results.length >= 2).length).toBeGreaterThanOrEqual(3);
    const validity = new Map<string, number>();
    for (const result of implementations.flatMap((i) => i.results)) {
      expect(validity.get(result.licenceTypeCode) ?? result.validityMonths).toBe(result.validityMonths);
      validity.set(result.licenceTypeCode, result.validityMonths);
    }
    expect(validity.get(LT.BL)).toBe(0);
    expect(validity.get(LT.JY)).toBe(60);
    expect(validity.get(LT.PHS)).toBe(48);
  });

  it('gives every implementation its own form, whose examples are valid and fill every required licence field', () => {
    const computed = {
      licenceNumber: 'L-1',
      validity: '2026年12月5日至2031年12月4日',
      validUntil: '2031年12月4日',
      issueDate: '2026年12月5日',
      registrationCode: (prefix: string) => `${prefix}330102M00000011X`,
    };
    for (const impl of implementations) {
      const form = ApplicationForm.parse(impl.applicationForm ?? {});
      expect({ impl: impl.baseCode, fields: form.fields.length }).toMatchObject({
        fields: expect.any(Number),
      });
      expect(form.fields.length).toBeGreaterThanOrEqual(3);
      expect(formDefinitionProblems(form)).toEqual([]);
      // What a person's account sends: the examples, and the account's values for the prefilled personal numbers
      // (which have no example: a sample number would travel with every catalog event).
      const data = exampleFormData(
        form,
        Object.fromEntries(
          form.fields
            .filter((f) => f.prefill === 'idNumber' || f.prefill === 'phone')
            .map((f) => [f.key, f.prefill === 'idNumber' ? '330102199003071230' : '13800000001']),
        ),
      );
      for (const f of form.fields)
        if (f.prefill === 'idNumber' || f.prefill === 'phone')
          expect({ field: f.key, example: f.example }).toEqual({ field: f.key, example: undefined });
      const { data: clean, errors } = validateFormData(form, data);
      expect({ impl: impl.baseCode, errors }).toEqual({ impl: impl.baseCode, errors: [] });
      for (const result of impl.results) {
        const { fields, missing } = fillLicenceFields(result.fields, {
          formData: clean,
          holder: { name: '张三', idNumber: '330102199003071230' },
          decision: { decidedAt: '2026-12-05T01:00:00.000Z', applicationNo: '330102202612050000011' },
          catalog: {
            issuer: result.issuingBody?.name ?? impl.implementingBody.name,
            implementingBody: impl.implementingBody.name,
            itemName: impl.baseCode,
          },
          computed,
        });
        expect({ impl: impl.baseCode, licence: result.licenceTypeCode, missing }).toEqual({
          impl: impl.baseCode,
          licence: result.licenceTypeCode,
          missing: [],
        });
        // No printed field is left to a plain (unsourced) entry: every label says where its value comes from.
        const plain = result.fields.filter((f) => typeof f === 'string');
        expect({ licence: result.licenceTypeCode, plain }).toEqual({
          licence: result.licenceTypeCode,
          plain: [],
        });
        expect(
          fields.every(
            (f) =>
              f.value !== '' ||
              result.fields.some((e) => typeof e !== 'string' && e.label === f.label && !e.required),
          ),
        ).toBe(true);
      }
    }
    const jy = implementations.find((i) => i.results.some((r) => r.licenceTypeCode === LT.JY));
    const form = ApplicationForm.parse(jy?.applicationForm ?? {});
    expect(form.fields.map((f) => f.key)).toEqual(
      expect.arrayContaining(['entityName', 'premises', 'businessForm', 'businessItems']),
    );
  });

  it('refers only to known departments', () => {
    for (const code of ['service-center', 'market-regulation', 'health-commission', 'fire-rescue']) {
      expect(departmentCodes.has(code)).toBe(true);
    }
    expect(new Set(departments.map((d) => d.code)).size).toBe(departments.length);
    for (const impl of implementations) {
      const { lead, coDepartments, steps, escalateTo } = impl.processTemplate;
      const used = [
        impl.implementingBody.departmentCode,
        lead.code,
        ...coDepartments.map((c) => c.code),
        ...steps.map((s) => s.departmentCode),
        ...(escalateTo ? [escalateTo.code] : []),
      ];
      for (const code of used)
        expect({ impl: impl.baseCode, code, known: departmentCodes.has(code) }).toMatchObject({
          known: true,
        });
    }
  });

  it('lists 3-8 materials per implementation with unique ids, supporting 容缺受理 and 告知承诺', () => {
    for (const impl of implementations) {
      expect(impl.materials.length).toBeGreaterThanOrEqual(3);
      expect(impl.materials.length).toBeLessThanOrEqual(8);
      const ids = impl.materials.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(impl.materials.some((m) => m.main)).toBe(true);
    }
    const all = implementations.flatMap((i) => i.materials);
    expect(all.some((m) => !m.main && !m.required)).toBe(true);
    expect(all.some((m) => m.promiseAllowed)).toBe(true);
    expect(all.some((m) => m.replaceableByLicenceTypes.includes(LT.BL))).toBe(true);
    expect(all.some((m) => m.replaceableByLicenceTypes.includes(LT.ID))).toBe(true);
  });

  it('uses 21-character 证照类型代码 from the mapping table as written, before any import-side alias mapping', () => {
    const raw = demoCatalog.implementations ?? [];
    const codes = raw.flatMap((i) => [
      ...(i.results ?? []).map((r) => r.licenceTypeCode),
      ...(i.materials ?? []).flatMap((m) => m.replaceableByLicenceTypes ?? []),
    ]);
    expect(codes.length).toBeGreaterThan(100);
    for (const code of new Set(codes)) {
      expect({
        code,
        format: isLicenceTypeCodeFormat(code),
        mapped: licenceTypeCodeEntry(code)?.code,
      }).toEqual({ code, format: true, mapped: code });
    }
    for (const r of raw.flatMap((i) => i.results ?? []))
      expect({ code: r.licenceTypeCode, name: r.name }).toEqual({
        code: r.licenceTypeCode,
        name: licenceTypeCodeEntry(r.licenceTypeCode)?.name,
      });
  });

  it('keeps (base code, region, level, implementing body) unique', () => {
    const keys = implementations.map(
      (i) => `${i.baseCode}|${i.regionCode}|${i.level}|${i.implementingBody.uscc}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('describes the service: mostly online, at most two visits, phones and FAQs', () => {
    for (const impl of implementations) {
      const s = impl.service;
      expect(s.visits).toBeLessThanOrEqual(2);
      expect(s.faqs.length).toBeGreaterThanOrEqual(1);
      expect(s.faqs.length).toBeLessThanOrEqual(3);
      expect(s.place).not.toBe('');
      expect(s.hours).not.toBe('');
      expect(s.consultPhone).toContain('12345');
      expect(s.complaintPhone).toContain('12345');
      if (s.online) expect(new URL(s.onlineUrl ?? '').hostname).toBe('www.zjzwfw.gov.cn');
      else expect(s.onlineUrl).toBeUndefined();
    }
    expect(implementations.filter((i) => i.service.online).length).toBeGreaterThan(
      implementations.length / 2,
    );
    expect(implementations.filter((i) => i.service.visits <= 1).length).toBeGreaterThan(
      implementations.length * 0.9,
    );
    expect(implementations.some((i) => i.fees.length > 0)).toBe(true);
    expect(implementations.filter((i) => i.fees.length === 0).length).toBeGreaterThan(
      implementations.length / 2,
    );
  });

  it('tags life events and audiences', () => {
    const themes = new Set(implementations.flatMap((i) => i.themes));
    for (const theme of [
      '开办企业',
      '工程建设',
      '餐饮开店',
      '户籍办理',
      '社会保障',
      '婚育收养',
      '养老服务',
    ]) {
      expect(themes.has(theme)).toBe(true);
    }
    const audiences = new Set(implementations.flatMap((i) => i.audiences));
    expect(audiences.has('1')).toBe(true);
    expect(audiences.has('2')).toBe(true);
  });

  it('shows intermediary services, a fee standard with its basis and reductions, and a quantity limit (issue 26)', () => {
    const baseByCode = new Map(baseItems.map((b) => [b.code, b]));
    for (const impl of implementations) {
      const services = (baseByCode.get(impl.baseCode)?.intermediaryServices ?? []).map((s) => s.name);
      for (const p of impl.intermediaryProviders) {
        expect(services).toContain(p.service);
        expect(isValidUscc(p.uscc)).toBe(true);
      }
      const feeBasis = baseByCode.get(impl.baseCode)?.feeBasis;
      if (feeBasis) for (const f of impl.fees) expect([feeBasis, '']).toContain(f.basis);
    }
    // One item's guide has all three: 不动产登记（首次登记）.
    const realEstate = baseItems.find((b) => b.name === '不动产登记（首次登记）');
    expect(realEstate?.intermediaryServices?.length).toBeGreaterThan(0);
    expect(realEstate?.feeBasis).toBeTruthy();
    const local = implementations.filter((i) => i.baseCode === realEstate?.code);
    expect(local.length).toBeGreaterThan(0);
    for (const impl of local) {
      expect(impl.intermediaryProviders.length).toBeGreaterThan(0);
      expect(impl.fees.some((f) => f.reductions !== '')).toBe(true);
      expect(impl.service).toMatchObject({ appointment: true, onlinePayment: true, courierDelivery: true });
    }
    expect(implementations.some((i) => i.quantityLimit.limited)).toBe(true);
  });
});
