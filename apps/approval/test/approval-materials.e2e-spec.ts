import { createHash } from 'node:crypto';
import { ApplicationAccepted } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf, samplePng } from '@hall/storage';
import request from 'supertest';
import {
  accepted,
  publish,
  publishSnapshot,
  snapshot,
  startApproval,
  uploadMaterialFile,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

interface MaterialFile {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}
interface MaterialItem {
  materialId: string;
  name: string;
  source: string;
  licenceIdentifier?: string;
  files: MaterialFile[];
}

describe.each(kinds)('approval materials (downloaded through approval) on %s', (kind) => {
  let h: ServiceHarness;
  const s = snapshot();
  const pdf = samplePdf('食品经营许可申请书');
  const png = samplePng();

  beforeAll(async () => {
    h = await startApproval(kind);
    await publishSnapshot(h, s);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists every material with the path of its download route per file; the route returns the stored bytes', async () => {
    const application = await uploadMaterialFile(h, pdf, '食品经营许可申请书.pdf');
    const photo = await uploadMaterialFile(h, png, '经营场所照片.png', 'image/png');
    const p = accepted(s, {
      materials: [
        { materialId: 'application', name: '食品经营许可申请书', source: 'upload', files: [application] },
        { materialId: 'site-photo', name: '经营场所照片', source: 'upload', files: [photo] },
        {
          materialId: 'business-licence',
          name: '营业执照',
          source: 'licence',
          files: [],
          licenceIdentifier: '1.2.156.3005.2.11100000000013338W.330100.001.X',
        },
      ],
    });
    await publish(h, ApplicationAccepted, p);

    const res = await request(h.url)
      .get(`/api/approval/cases/${p.applicationNo}/materials`)
      .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`);
    expect(res.status).toBe(200);
    expect(res.body.applicationNo).toBe(p.applicationNo);
    const items = res.body.materials as MaterialItem[];
    expect(items.map((m) => [m.materialId, m.source, m.files.length])).toEqual([
      ['application', 'upload', 1],
      ['site-photo', 'upload', 1],
      ['business-licence', 'licence', 0],
    ]);
    expect(items[2]?.licenceIdentifier).toBe('1.2.156.3005.2.11100000000013338W.330100.001.X');
    // bucket and key are not handed out: only the path of approval's own download route
    expect(items[0]?.files[0]).not.toHaveProperty('key');
    expect(items[0]?.files[0]).not.toHaveProperty('bucket');

    for (const [item, bytes, type] of [
      [items[0], pdf, 'application/pdf'],
      [items[1], png, 'image/png'],
    ] as const) {
      const file = item?.files[0];
      if (!file) throw new Error('no file');
      expect(file).toMatchObject({
        contentType: type,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(file.url).toBe(
        `/api/approval/cases/${p.applicationNo}/materials/${item?.materialId ?? ''}/files/${file.sha256}`,
      );
      const download = await request(h.url)
        .get(file.url)
        .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`)
        .buffer(true)
        .parse(binaryParser);
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['content-disposition']).toContain(encodeURIComponent(file.name));
      expect((download.body as Buffer).equals(bytes)).toBe(true);
    }
  });
});
