import { describe, expect, it } from '@jest/globals';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { PHOTO_LIMITS, photoCopies, PhotoRefusal, photoType } from './photo-images.js';

/** A grey image `width` × `height` as stored, with a red block in its stored top-left corner. */
function marked(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } }).composite([
    {
      input: { create: { width: Math.round(width / 10), height: Math.round(height / 10), channels: 3, background: '#ff0000' } },
      left: 0,
      top: 0,
    },
  ]);
}

/** The colour at (x, y) of a JPEG, roughly: 'red' or 'grey'. */
async function colourAt(jpeg: Buffer, x: number, y: number): Promise<'red' | 'grey' | 'other'> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  if (r > 200 && g < 60 && b < 60) return 'red';
  if (Math.abs(r - 128) < 20 && Math.abs(g - 128) < 20 && Math.abs(b - 128) < 20) return 'grey';
  return 'other';
}

async function refusalOf(work: Promise<unknown>): Promise<PhotoRefusal> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PhotoRefusal) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('photoType', () => {
  it.each<[string, () => Promise<Buffer>, string]>([
    ['a JPEG', () => marked(40, 30).jpeg().toBuffer(), 'image/jpeg'],
    ['a PNG', () => marked(40, 30).png().toBuffer(), 'image/png'],
    ['a WebP', () => marked(40, 30).webp().toBuffer(), 'image/webp'],
  ])('takes %s by its bytes', async (_, make, mime) => {
    expect(await photoType(await make())).toBe(mime);
  });

  it.each<[string, () => Promise<Buffer>, string | null]>([
    ['text', () => Promise.resolve(Buffer.from('这不是照片，只是文字。'.repeat(20))), null],
    ['a GIF', () => marked(40, 30).gif().toBuffer(), 'gif'],
    ['a TIFF', () => marked(40, 30).tiff().toBuffer(), 'tif'],
    ['a PDF', () => Promise.resolve(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')), 'pdf'],
  ])('refuses %s as not an image, saying what it is', async (_, make, detected) => {
    const refusal = await refusalOf(photoType(await make()));
    expect([refusal.problem, refusal.details.detected]).toEqual(['not_an_image', detected]);
  });

  it('refuses a file over the byte limit before looking at it', async () => {
    const bytes = Buffer.concat([await marked(40, 30).jpeg().toBuffer(), Buffer.alloc(100)]);
    expect((await refusalOf(photoType(bytes, { ...PHOTO_LIMITS, maxBytes: bytes.length - 1 }))).problem).toBe('too_large');
    expect(await photoType(bytes, { ...PHOTO_LIMITS, maxBytes: bytes.length })).toBe('image/jpeg');
  });
});

describe('photoCopies', () => {
  it('turns a photo upright by its EXIF Orientation and keeps no metadata at all', async () => {
    // Stored 600 × 400 with the red block top-left; Orientation 6: shown turned 90° clockwise.
    const upload = await marked(600, 400)
      .jpeg()
      .withExif({ IFD0: { Make: 'Phone', Orientation: '6' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 36/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const input = await sharp(upload).metadata();
    expect([input.width, input.height, input.orientation, input.exif !== undefined]).toEqual([600, 400, 6, true]);

    const { display, thumbnail } = await photoCopies(upload);
    expect([display.width, display.height]).toEqual([400, 600]);
    // Turned clockwise, the stored top-left corner is now the top-right.
    expect(await colourAt(display.data, display.width - 5, 5)).toBe('red');
    expect(await colourAt(display.data, 5, 5)).toBe('grey');
    for (const copy of [display, thumbnail]) {
      const meta = await sharp(copy.data).metadata();
      expect([meta.format, meta.exif, meta.xmp, meta.iptc, meta.icc, meta.orientation]).toEqual([
        'jpeg',
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
  });

  it('drops an ICC profile and XMP too (a phone’s Display P3 photo comes out as plain sRGB)', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>王师傅</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
    const upload = await marked(300, 200).jpeg().withIccProfile('p3').withXmp(xmp).toBuffer();
    const input = await sharp(upload).metadata();
    expect([input.icc !== undefined, input.xmp !== undefined]).toEqual([true, true]);
    const meta = await sharp((await photoCopies(upload)).display.data).metadata();
    expect([meta.icc, meta.xmp, meta.space]).toEqual([undefined, undefined, 'srgb']);
  });

  it('makes the display copy at most 1600 px on its longest side and the thumbnail at most 480 px wide', async () => {
    const { display, thumbnail } = await photoCopies(await marked(4000, 3000).jpeg().toBuffer());
    expect([display.width, display.height, thumbnail.width, thumbnail.height]).toEqual([1600, 1200, 480, 360]);
    const meta = await sharp(display.data).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 1200]);
    const portrait = await photoCopies(await marked(3000, 4000).png().toBuffer());
    expect([portrait.display.width, portrait.display.height, portrait.thumbnail.width]).toEqual([1200, 1600, 480]);
  });

  it('does not enlarge a small photo, and caps a panorama’s thumbnail in height too', async () => {
    const small = await photoCopies(await marked(300, 200).webp().toBuffer());
    expect([small.display.width, small.display.height, small.thumbnail.width, small.thumbnail.height]).toEqual([300, 200, 300, 200]);
    const tall = await photoCopies(await marked(200, 4000).png().toBuffer());
    expect([tall.display.width, tall.display.height, tall.thumbnail.width, tall.thumbnail.height]).toEqual([80, 1600, 80, 1600]);
  });

  it('puts a transparent PNG on white', async () => {
    const clear = await sharp({ create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const { display } = await photoCopies(clear);
    const { data } = await sharp(display.data).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data)).toBeGreaterThan(245);
  });

  it('refuses an image of more pixels than the limit from its header, saying how many', async () => {
    const upload = await marked(1200, 1000).png().toBuffer();
    const refusal = await refusalOf(photoCopies(upload, { ...PHOTO_LIMITS, maxPixels: 1_199_999 }));
    expect([refusal.problem, refusal.details.megapixels]).toEqual(['too_many_pixels', 2]);
    expect((await photoCopies(upload, { ...PHOTO_LIMITS, maxPixels: 1_200_000 })).display.width).toBe(1200);
  });

  it('refuses a PNG whose header claims 40,000 × 40,000 pixels without decoding any (a decompression bomb)', async () => {
    // A small PNG with its IHDR rewritten: what a bomb's header says, without the bomb's data.
    const png = Buffer.from(await marked(10, 10).png().toBuffer());
    png.writeUInt32BE(40_000, 16);
    png.writeUInt32BE(40_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    const started = Date.now();
    const refusal = await refusalOf(photoCopies(png));
    expect([refusal.problem, refusal.details.megapixels]).toEqual(['too_many_pixels', 1600]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each<[string, () => Promise<Buffer>]>([
    [
      'a JPEG signature with nothing after it',
      () => Promise.resolve(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])),
    ],
    [
      'a JPEG cut in half',
      async () => {
        const jpeg = await marked(800, 600).jpeg().toBuffer();
        return jpeg.subarray(0, jpeg.length >> 1);
      },
    ],
    [
      'a PNG with its pixel data damaged',
      async () => {
        const png = Buffer.from(await marked(200, 200).png().toBuffer());
        png.fill(0x5a, 60, png.length - 20);
        return png;
      },
    ],
  ])('refuses %s as unreadable', async (_, make) => {
    expect((await refusalOf(photoCopies(await make()))).problem).toBe('unreadable');
  });
});
