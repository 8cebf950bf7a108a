import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { binary, countRows, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The county that requires a photo for an acceptance (ACCEPTANCE_PHOTO_REQUIRED=true), the
 * acceptance form (验收表) and the photos in the printed record.
 */
describe('the acceptance record with photos', () => {
  let t: TestApp;
  let photoDir: string;
  let villageId: number;
  let staff: TestUser;
  let inspector: TestUser;
  let otherVillageStaff: TestUser;

  /** A landscape JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6), as phones write it. */
  const sidewaysPhoto = async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    return jpeg;
  };
  /** Uploads a photo of `stage` and answers the Photo (201). */
  const upload = async (
    h: { id: number },
    stage: string,
    user: TestUser = staff,
  ): Promise<{ id: number; width: number; height: number }> => {
    const res = await http(t, user.token)
      .post(`/api/households/${h.id}/photos`)
      .field('stage', stage)
      .field('takenOn', '2022-01-07')
      .field('caption', `${stage} 照片`)
      .attach('file', await sidewaysPhoto(), { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return res.body;
  };
  const move = (h: { id: number }, body: Record<string, unknown>, user: TestUser) =>
    http(t, user.token).post(`/api/households/${h.id}/transitions`).send(body);
  const pdfText = async (buf: Buffer) => {
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(buf)), { mergePages: true });
    return text.replace(/\s+/g, '');
  };
  /** The sizes of the images a PDF embeds (pdfkit writes each image's dictionary uncompressed). */
  const embeddedImages = (buf: Buffer) =>
    [...buf.toString('latin1').matchAll(/\/Subtype \/Image[\s\S]*?\/Width (\d+)[\s\S]*?\/Height (\d+)/g)].map((m) => ({
      width: Number(m[1]),
      height: Number(m[2]),
    }));
  const pdf = (path: string, user: TestUser) =>
    http(t, user.token)
      .get(path)
      .buffer(true)
      .parse(binary)
      .then((r) => r as unknown as { status: number; body: Buffer; headers: Record<string, string> });

  async function completed(name: string): Promise<HouseholdBody> {
    const h = await createHousehold(t, { villageId, householder: name, grade: 'C', status: 'pending', statusOn: '2022-01-01' });
    const v = (await move(h, { to: 'in_progress', occurredOn: '2022-01-02', version: h.version }, staff)).body.version;
    return (await move(h, { to: 'completed', occurredOn: '2022-01-06', version: v }, staff)).body;
  }

  beforeAll(async () => {
    photoDir = mkdtempSync(join(tmpdir(), 'tracker-acceptance-photos-'));
    process.env.PHOTO_DIR = photoDir;
    process.env.ACCEPTANCE_PHOTO_REQUIRED = 'true';
    t = await startTestApp();
    t.clock.freeze('2022-01-10T04:00:00Z');
    const tree = await createRegionTree(t, ['孟封村', '小武村']);
    villageId = tree.villageIds[0];
    const county = [{ level: 'county', id: tree.countyId }];
    staff = await createUser(t, { username: 'wang.jg', displayName: '王建国', role: 'staff', scope: county });
    inspector = await createUser(t, { username: 'li.yanshou', displayName: '李验收', role: 'inspector', scope: county });
    otherVillageStaff = await createUser(t, {
      username: 'xiaowu.staff',
      displayName: '小武村干部',
      role: 'staff',
      scope: [{ level: 'village', id: tree.villageIds[1] }],
    });
  });
  afterAll(async () => {
    await t.dispose();
    delete process.env.ACCEPTANCE_PHOTO_REQUIRED;
    delete process.env.PHOTO_DIR;
    rmSync(photoDir, { recursive: true, force: true });
  });

  it('refuses an acceptance without a photo of the finished house, writing nothing, and takes it with one', async () => {
    const h = await completed('要照片户');
    const accept = { to: 'accepted', occurredOn: '2022-01-08', version: h.version, inspection: { newGrade: 'B', ownerAgrees: true } };
    const changes = await countRows(t, 'status_changes');
    const refused = await move(h, accept, inspector).expect(422);
    expect(refused.body.code).toBe('acceptance_photo_required');
    expect(refused.body.message).toContain('修缮后或验收照片');
    // A photo from before the repair is no evidence of the finished house.
    await upload(h, 'before');
    await move(h, accept, inspector).expect(422);
    expect(await countRows(t, 'status_changes')).toBe(changes);

    const after = await upload(h, 'after');
    await move(h, accept, inspector).expect(200);
    const history = (await http(t).get(`/api/households/${h.id}/history`).expect(200)).body;
    expect(history.at(-1).inspection).toEqual(expect.objectContaining({ passed: true, newGrade: 'B', photoIds: [after.id] }));
    // The archive keeps what the acceptance relied on.
    expect((await http(t).delete(`/api/photos/${after.id}`)).body.code).toBe('photo_used_by_acceptance');
  });

  it('does not ask a failed acceptance for a photo', async () => {
    const h = await completed('返工户');
    await move(h, { to: 'in_progress', occurredOn: '2022-01-08', version: h.version, note: '屋面渗漏' }, inspector).expect(200);
  });

  it('prints the acceptance form with the verdict, the owner’s opinion, the photo upright and lines to sign', async () => {
    const h = await completed('验收表户');
    const photo = await upload(h, 'acceptance', inspector);
    await move(
      h,
      {
        to: 'accepted',
        occurredOn: '2022-01-09',
        version: h.version,
        inspection: { newGrade: 'A', ownerAgrees: false, method: '现场查看', remarks: '户主对院墙有意见' },
      },
      inspector,
    ).expect(200);
    const res = await pdf(`/api/households/${h.id}/acceptance-form?format=pdf`, staff);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('孟封村_验收表户_验收表.pdf');
    const text = await pdfText(res.body);
    for (const expected of [
      '因灾受损农房修缮验收表',
      '户主验收表户',
      '开工日期2022-01-02',
      '完工日期2022-01-06',
      '验收日期2022-01-09',
      '验收结论验收合格',
      '验收后等级A级',
      '验收方式现场查看',
      '验收人员李验收',
      '户主意见不同意',
      '户主对院墙有意见',
      '修缮后及验收照片（1张）',
      '验收·2022-01-07·李验收',
      '户主（签字）',
      '乡镇人民政府（盖章）',
    ])
      expect(text).toContain(expected);
    // Stored as 1200×800 with orientation 6: printed upright, taller than wide.
    const [image] = embeddedImages(res.body);
    expect(image.height).toBeGreaterThan(image.width);
    expect([photo.width, photo.height]).toEqual([image.width, image.height]);
  });

  it('prints the household’s photos upright in its record', async () => {
    const h = await completed('档案照片户');
    await upload(h, 'during');
    const res = await pdf(`/api/households/${h.id}/record?format=pdf`, staff);
    expect(res.status).toBe(200);
    expect(await pdfText(res.body)).toContain('施工中·2022-01-07·王建国');
    const images = embeddedImages(res.body);
    expect(images.length).toBe(1);
    expect(images[0].height).toBeGreaterThan(images[0].width);
  });

  it('is not found outside the caller’s scope', async () => {
    const h = await completed('外村户');
    await http(t, otherVillageStaff.token).get(`/api/households/${h.id}/acceptance-form?format=pdf`).expect(404);
  });
});
