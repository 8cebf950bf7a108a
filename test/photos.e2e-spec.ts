import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp, { type Sharp } from 'sharp';
import { createUser, type TestUser } from './support/accounts.js';
import { createHousehold, createRegionTree, type HouseholdBody } from './support/fixtures.js';
import { binary, countRows, http } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Photos as evidence (issue 14): uploads judged by their bytes, kept upright and without EXIF
 * or location, shown only within scope, cached by ETag, deleted only as the rules allow (and
 * logged), never when an acceptance relied on them, and their files shared by identical
 * uploads. On SQLite, or on PostgreSQL with DATABASE_URL=postgres://….
 */

const NOW = '2021-12-23T04:00:00.000Z';
const HOUR = 3_600_000;

/** A grey photo `width` × `height` as stored, with a red block in its stored top-left corner. */
function marked(width: number, height: number, background = '#808080'): Sharp {
  return sharp({ create: { width, height, channels: 3, background } }).composite([
    { input: { create: { width: width / 10, height: height / 10, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
  ]);
}

/** A photo as a phone gives it: stored sideways with EXIF Orientation 6, and where it was taken. */
function phonePhoto(): Promise<Buffer> {
  return marked(1200, 800)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Xiaomi', Model: 'Redmi Note', Orientation: '6' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 36/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '112/1 21/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Distinct small JPEGs: each call another colour, so each upload is its own image. */
let shade = 0;
function anotherJpeg(): Promise<Buffer> {
  shade += 1;
  return marked(320, 240, `#${(0x101010 + shade * 0x030507).toString(16).slice(-6)}`)
    .jpeg()
    .toBuffer();
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** exiftool's reading of `bytes` (every tag), or null when exiftool is not installed. */
function exiftool(bytes: Buffer, dir: string): Record<string, unknown> | null {
  const path = join(dir, `exif-${sha256(bytes).slice(0, 12)}.jpg`);
  writeFileSync(path, bytes);
  const run = spawnSync('exiftool', ['-j', '-a', '-G1', path], { encoding: 'utf8' });
  rmSync(path, { force: true });
  if (run.error) return null;
  return (JSON.parse(run.stdout) as Record<string, unknown>[])[0];
}

/** The colour at (x, y) of a JPEG, roughly. */
async function colourAt(jpeg: Buffer, x: number, y: number): Promise<'red' | 'grey' | 'other'> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  if (r > 200 && g < 60 && b < 60) return 'red';
  if (Math.abs(r - 128) < 20 && Math.abs(g - 128) < 20 && Math.abs(b - 128) < 20) return 'grey';
  return 'other';
}

describe('photos', () => {
  let t: TestApp;
  let photoDir: string;
  let scratch: string;
  let villageId: number;
  let staff: TestUser;
  let colleague: TestUser;
  let neighbour: TestUser;
  let inspector: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    photoDir = mkdtempSync(join(tmpdir(), 'tracker-photos-'));
    scratch = mkdtempSync(join(tmpdir(), 'tracker-photos-scratch-'));
    // Read by ConfigModule when startTestApp first loads the app.
    process.env.PHOTO_DIR = photoDir;
    process.env.PHOTO_MIN_FREE_MB = '1';
    // Tokens outlive the day the clock is moved on by (a photo's 24 hours).
    process.env.JWT_TTL_SECONDS = String(3 * 24 * 3600);
    t = await startTestApp();
    t.clock.freeze(NOW);
    const tree = await createRegionTree(t, ['孟封村', '小武村']);
    villageId = tree.villageIds[0];
    const village = [{ level: 'village', id: villageId }];
    staff = await createUser(t, { username: 'zhou.jing', displayName: '周静', role: 'staff', scope: village });
    colleague = await createUser(t, { username: 'zhao.min', displayName: '赵敏', role: 'staff', scope: village });
    neighbour = await createUser(t, {
      username: 'xiaowu.clerk',
      displayName: '小武村文书',
      role: 'staff',
      scope: [{ level: 'village', id: tree.villageIds[1] }],
    });
    inspector = await createUser(t, {
      username: 'li.yanshou',
      displayName: '李验收',
      role: 'inspector',
      scope: [{ level: 'township', id: tree.townshipId }],
    });
    supervisor = await createUser(t, { username: 'wu.lei', displayName: '吴磊', role: 'supervisor', scope: village });
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(photoDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  let n = 0;
  const household = (): Promise<HouseholdBody> =>
    createHousehold(t, { villageId, householder: `照片户${++n}`, grade: 'B', statusOn: '2021-12-01' });

  function upload(
    token: string,
    householdId: number,
    file: Buffer,
    fields: Record<string, string> = { stage: 'after' },
    name = 'IMG_0001.jpg',
    type = 'image/jpeg',
  ) {
    const req = http(t, token).post(`/api/households/${householdId}/photos`).set('Accept-Language', 'en');
    for (const [key, value] of Object.entries(fields)) req.field(key, value);
    return req.attach('file', file, { filename: name, contentType: type });
  }

  const image = (token: string, path: string) => http(t, token).get(path).buffer(true).parse(binary);

  /** Every file under PHOTO_DIR, temporary ones included. */
  const storedFiles = () =>
    readdirSync(photoDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(photoDir.length + 1))
      .sort();

  const filesOf = (sha: string) => [`${sha.slice(0, 2)}/${sha}-display.jpg`, `${sha.slice(0, 2)}/${sha}-thumb.jpg`];

  it('keeps a phone photo upright, without EXIF or location, and answers it with an ETag', async () => {
    const h = await household();
    const file = await phonePhoto();
    // The upload really is sideways and located.
    const input = await sharp(file).metadata();
    expect([input.width, input.height, input.orientation]).toEqual([1200, 800, 6]);
    // The GPS IFD pointer (tag 0x8825, little-endian as sharp writes EXIF).
    expect(input.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    const inputTags = exiftool(file, scratch);
    if (inputTags) expect(inputTags).toMatchObject({ 'GPS:GPSLatitudeRef': 'North', 'IFD0:Orientation': 'Rotate 90 CW' });

    const res = await upload(staff.token, h.id, file, { stage: 'after', takenOn: '2021-12-20', caption: '屋面修缮后' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      householdId: h.id,
      stage: 'after',
      takenOn: '2021-12-20',
      caption: '屋面修缮后',
      width: 800,
      height: 1200,
      bytes: file.length,
      sha256: sha256(file),
      uploadedBy: '周静',
      uploadedById: staff.id,
      uploadedAt: NOW,
    });
    const id = res.body.id as number;

    const shown = await image(supervisor.token, `/api/photos/${id}`).expect(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(shown.headers.etag).toBe(`"${sha256(file)}-display"`);
    expect(shown.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const display = shown.body as Buffer;
    const meta = await sharp(display).metadata();
    expect([meta.width, meta.height, meta.exif, meta.xmp, meta.iptc, meta.icc, meta.orientation]).toEqual([
      800,
      1200,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Turned clockwise: the block stored top-left is now top-right.
    expect([await colourAt(display, 795, 5), await colourAt(display, 5, 5), await colourAt(display, 5, 1195)]).toEqual([
      'red',
      'grey',
      'grey',
    ]);
    const outputTags = exiftool(display, scratch);
    if (outputTags) {
      // Only what the file itself says (its size, type, pixels): no EXIF, GPS, XMP, IPTC or ICC group.
      expect(Object.keys(outputTags).filter((tag) => !/^(SourceFile|(ExifTool|System|File|Composite):.+)$/.test(tag))).toEqual([]);
    }

    const thumb = await image(supervisor.token, `/api/photos/${id}/thumbnail`).expect(200);
    expect(thumb.headers.etag).toBe(`"${sha256(file)}-thumbnail"`);
    const thumbMeta = await sharp(thumb.body as Buffer).metadata();
    expect([thumbMeta.width, thumbMeta.height, thumbMeta.exif]).toEqual([480, 720, undefined]);
    expect(await colourAt(thumb.body as Buffer, 475, 5)).toBe('red');

    // The copy the browser holds is still good: 304, no body.
    const again = await http(t, supervisor.token).get(`/api/photos/${id}`).set('If-None-Match', shown.headers.etag).expect(304);
    expect(again.text ?? '').toBe('');
    await http(t, supervisor.token).get(`/api/photos/${id}`).set('If-None-Match', thumb.headers.etag).expect(200);

    const list = await http(t, supervisor.token).get(`/api/households/${h.id}/photos`).expect(200);
    expect(list.body).toEqual([res.body]);
  });

  it('lists a household’s photos oldest first, each stage as sent, PNG and WebP taken too', async () => {
    const h = await household();
    const png = await marked(500, 300).png().toBuffer();
    const webp = await marked(300, 500).webp().toBuffer();
    const first = await upload(staff.token, h.id, png, { stage: 'before' }, '现场.png', 'image/png').expect(201);
    t.clock.freeze(new Date(Date.parse(NOW) + 60_000));
    const second = await upload(
      inspector.token,
      h.id,
      webp,
      { stage: 'acceptance', takenOn: '', caption: '' },
      'x.webp',
      'image/webp',
    ).expect(201);
    t.clock.freeze(NOW);
    expect([first.body.width, first.body.height, second.body.width, second.body.height]).toEqual([500, 300, 300, 500]);
    expect([second.body.takenOn, second.body.caption, second.body.uploadedBy]).toEqual([null, null, '李验收']);
    const list = await http(t, staff.token).get(`/api/households/${h.id}/photos`).expect(200);
    expect(list.body.map((p: { id: number; stage: string }) => [p.id, p.stage])).toEqual([
      [first.body.id, 'before'],
      [second.body.id, 'acceptance'],
    ]);
    const shown = await image(staff.token, `/api/photos/${second.body.id}`).expect(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(shown.body as Buffer).metadata()).format).toBe('jpeg');
  });

  describe('refuses, storing nothing', () => {
    let h: HouseholdBody;
    let before: { rows: number; files: string[] };
    beforeAll(async () => {
      h = await household();
    });
    const snapshot = async () => ({ rows: await countRows(t, 'photos'), files: storedFiles() });

    it.each<[string, number, string, () => Promise<{ file: Buffer; fields?: Record<string, string>; name?: string; type?: string }>]>([
      [
        'a text file named .jpg and sent as image/jpeg',
        415,
        'photo_not_an_image',
        async () => ({ file: Buffer.from('这不是照片。\n'.repeat(100)), name: '照片.jpg', type: 'image/jpeg' }),
      ],
      [
        'a PDF sent as a JPEG',
        415,
        'photo_not_an_image',
        async () => ({ file: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') }),
      ],
      ['16 MB', 413, 'photo_too_large', async () => ({ file: Buffer.concat([await anotherJpeg(), Buffer.alloc(16 * 1024 * 1024, 0x55)]) })],
      [
        'a JPEG that cannot be decoded',
        422,
        'photo_unreadable',
        async () => ({
          file: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(2000, 0x33)]),
        }),
      ],
      ['no stage', 400, 'validation_failed', async () => ({ file: await anotherJpeg(), fields: {} })],
      [
        'a date after today',
        400,
        'validation_failed',
        async () => ({ file: await anotherJpeg(), fields: { stage: 'after', takenOn: '2021-12-24' } }),
      ],
      [
        'a field it does not take',
        400,
        'validation_failed',
        async () => ({ file: await anotherJpeg(), fields: { stage: 'after', villageId: '1' } }),
      ],
    ])('%s: %d %s', async (_, status, code, make) => {
      const { file, fields, name, type } = await make();
      before = await snapshot();
      const res = await upload(staff.token, h.id, file, fields ?? { stage: 'after' }, name, type).expect(status);
      expect(res.body.code).toBe(code);
      expect(await snapshot()).toEqual(before);
    });

    it('names each wrong field, in Chinese by default', async () => {
      const res = await http(t, staff.token)
        .post(`/api/households/${h.id}/photos`)
        .field('stage', 'finished')
        .field('takenOn', '2021-12-24')
        .attach('file', await anotherJpeg(), 'a.jpg')
        .expect(400);
      expect(res.body.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
        ['stage', 'not_one_of'],
        ['takenOn', 'date_in_future'],
      ]);
      const future = await upload(staff.token, h.id, await anotherJpeg(), { stage: 'after', takenOn: '2021-12-24' }).set(
        'Accept-Language',
        'zh',
      );
      expect(future.body.fields).toEqual([expect.objectContaining({ field: 'takenOn', code: 'date_in_future' })]);
      expect(future.body.message).toContain('拍摄日期');
    });

    it('a form without a file, and a JSON body', async () => {
      const rows = await countRows(t, 'photos');
      const noFile = await http(t, staff.token).post(`/api/households/${h.id}/photos`).field('stage', 'after').expect(400);
      expect(noFile.body.code).toBe('photo_file_missing');
      const json = await http(t, staff.token).post(`/api/households/${h.id}/photos`).send({ stage: 'after' }).expect(415);
      expect(json.body.code).toBe('photo_file_missing');
      expect(await countRows(t, 'photos')).toBe(rows);
    });

    it('a file under another name, and two files', async () => {
      const rows = await countRows(t, 'photos');
      const misnamed = await http(t, staff.token)
        .post(`/api/households/${h.id}/photos`)
        .field('stage', 'after')
        .attach('photo', await anotherJpeg(), 'a.jpg')
        .expect(400);
      expect(misnamed.body.fields).toEqual([expect.objectContaining({ field: 'photo', code: 'unknown_field' })]);
      const two = await http(t, staff.token)
        .post(`/api/households/${h.id}/photos`)
        .field('stage', 'after')
        .attach('file', await anotherJpeg(), 'a.jpg')
        .attach('file', await anotherJpeg(), 'b.jpg')
        .expect(400);
      expect(two.body.fields).toEqual([expect.objectContaining({ field: 'file', code: 'too_many_items' })]);
      expect(await countRows(t, 'photos')).toBe(rows);
    });

    it('a supervisor’s upload (403): they only look', async () => {
      const res = await upload(supervisor.token, h.id, await anotherJpeg()).expect(403);
      expect(res.body.code).toBe('role_forbidden');
    });
  });

  it('answers another village’s staff 404 on every photo route, as if nothing were there', async () => {
    const h = await household();
    const photo = (await upload(staff.token, h.id, await anotherJpeg()).expect(201)).body;
    const rows = await countRows(t, 'photos');
    const answers = [
      await upload(neighbour.token, h.id, await anotherJpeg()),
      await http(t, neighbour.token).get(`/api/households/${h.id}/photos`),
      await http(t, neighbour.token).get(`/api/photos/${photo.id}`),
      await http(t, neighbour.token).get(`/api/photos/${photo.id}/thumbnail`).set('If-None-Match', '*'),
      await http(t, neighbour.token).delete(`/api/photos/${photo.id}`),
      // An id nobody has: the same answer.
      await http(t, neighbour.token).get(`/api/photos/999999`),
    ];
    expect(answers.map((r) => [r.status, r.body.code])).toEqual(Array(6).fill([404, 'not_in_scope']));
    expect(answers[2].headers.etag).toBeUndefined();
    expect(await countRows(t, 'photos')).toBe(rows);
    await image(staff.token, `/api/photos/${photo.id}`).expect(200);
  });

  describe('delete', () => {
    it('lets the uploader take a photo back within 24 hours, logged in the edit log, its files gone', async () => {
      const h = await household();
      const file = await anotherJpeg();
      const photo = (await upload(staff.token, h.id, file, { stage: 'during', caption: '拍错了' }).expect(201)).body;
      expect(storedFiles()).toEqual(expect.arrayContaining(filesOf(photo.sha256)));
      const refused = await http(t, colleague.token).delete(`/api/photos/${photo.id}`).expect(403);
      expect(refused.body.code).toBe('photo_delete_not_allowed');
      t.clock.freeze(new Date(Date.parse(NOW) + 24 * HOUR));
      await http(t, staff.token).delete(`/api/photos/${photo.id}`).expect(204);
      t.clock.freeze(NOW);
      await http(t, staff.token).get(`/api/photos/${photo.id}`).expect(404);
      expect((await http(t, staff.token).get(`/api/households/${h.id}/photos`).expect(200)).body).toEqual([]);
      expect(storedFiles()).not.toEqual(expect.arrayContaining([filesOf(photo.sha256)[0]]));
      const edits = await http(t, supervisor.token).get(`/api/households/${h.id}/edits`).expect(200);
      expect(edits.body).toEqual([
        {
          field: 'photo',
          oldValue: { id: photo.id, stage: 'during', takenOn: null, caption: '拍错了', sha256: photo.sha256 },
          newValue: null,
          actor: '周静',
          editedAt: new Date(Date.parse(NOW) + 24 * HOUR).toISOString(),
        },
      ]);
    });

    it('refuses the uploader after 24 hours; an admin may still', async () => {
      const h = await household();
      const photo = (await upload(staff.token, h.id, await anotherJpeg()).expect(201)).body;
      t.clock.freeze(new Date(Date.parse(NOW) + 24 * HOUR + 1000));
      try {
        const refused = await http(t, staff.token).delete(`/api/photos/${photo.id}`).set('Accept-Language', 'en').expect(403);
        expect(refused.body).toMatchObject({ code: 'photo_delete_not_allowed', message: expect.stringContaining('24 hours') });
        await http(t).delete(`/api/photos/${photo.id}`).expect(204);
      } finally {
        t.clock.freeze(NOW);
      }
      const edits = await http(t).get(`/api/households/${h.id}/edits`).expect(200);
      expect(edits.body.map((e: { field: string; actor: string }) => [e.field, e.actor])).toEqual([['photo', '系统管理员']]);
    });

    it('keeps the photo an acceptance relied on once the household is accepted (409), others may go', async () => {
      const h = await household();
      const evidence = (await upload(staff.token, h.id, await anotherJpeg(), { stage: 'after' }).expect(201)).body;
      const before = (await upload(staff.token, h.id, await anotherJpeg(), { stage: 'before' }).expect(201)).body;
      const move = (token: string, body: Record<string, unknown>) =>
        http(t, token).post(`/api/households/${h.id}/transitions`).send(body).expect(200);
      await move(staff.token, { to: 'in_progress', occurredOn: '2021-12-05', version: 1 });
      await move(staff.token, { to: 'completed', occurredOn: '2021-12-15', version: 2 });
      const accepted = await move(inspector.token, {
        to: 'accepted',
        occurredOn: '2021-12-20',
        version: 3,
        inspection: { newGrade: 'A', ownerAgrees: true, method: '现场查看' },
      });
      expect(accepted.body.status).toBe('accepted');
      const history = await http(t).get(`/api/households/${h.id}/history`).expect(200);
      expect(history.body.at(-1).inspection.photoIds).toEqual([evidence.id]);

      const refused = await http(t).delete(`/api/photos/${evidence.id}`).expect(409);
      expect(refused.body.code).toBe('photo_used_by_acceptance');
      await image(staff.token, `/api/photos/${evidence.id}`).expect(200);
      // The before-repair photo was not what the acceptance relied on.
      await http(t).delete(`/api/photos/${before.id}`).expect(204);
    });
  });

  it('stores the same upload twice once; deleting one photo keeps the other’s files', async () => {
    const [h1, h2] = [await household(), await household()];
    const file = await anotherJpeg();
    const first = (await upload(staff.token, h1.id, file).expect(201)).body;
    const files = storedFiles();
    const second = (await upload(staff.token, h2.id, file, { stage: 'before' }, 'copy.jpg').expect(201)).body;
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    expect(storedFiles()).toEqual(files);
    expect(files.filter((f) => f.includes(first.sha256))).toEqual(filesOf(first.sha256));

    await http(t, staff.token).delete(`/api/photos/${first.id}`).expect(204);
    expect(storedFiles()).toEqual(files);
    const kept = await image(staff.token, `/api/photos/${second.id}`).expect(200);
    expect((kept.body as Buffer).length).toBeGreaterThan(0);
    await http(t, staff.token).delete(`/api/photos/${second.id}`).expect(204);
    expect(storedFiles().filter((f) => f.includes(first.sha256))).toEqual([]);
  });
});
