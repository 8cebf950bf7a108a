import { PHOTO_STAGE_LABELS } from '../../photos/photo-stage.js';
import type { PrintedPhoto } from '../printed-photo.types.js';
import { BOLD, type Pdf, REGULAR, textAt } from './pdf-document.js';

/**
 * Photos on a printed page in a grid: each fitted upright into its cell (the stored copies are
 * already rotated and carry no orientation), with its stage, date, uploader and caption below.
 * A row that does not fit goes to a new page. Shared by the household record and the acceptance form.
 */

export interface GridArea {
  x: number;
  y: number;
  width: number;
  /** The lowest y a row may reach before a new page starts. */
  bottom: number;
  /** Where rows start on a new page. */
  top: number;
  columns: number;
  /** The image box's height as a fraction of its width (0.75: landscape 4:3). */
  aspect: number;
  fontSize: number;
}

const GAP = 10;
const CAPTION_COLOR = '#333333';

/** The line under a photo: 修缮后 · 2021-12-20 · 王建国. */
export function photoLine(photo: PrintedPhoto): string {
  return [PHOTO_STAGE_LABELS[photo.stage], photo.takenOn ?? '拍摄日期未填', photo.uploadedBy].join(' · ');
}

/** Draws the photos; answers the y below the last row. */
export function drawPhotoGrid(doc: Pdf, photos: readonly PrintedPhoto[], area: GridArea): number {
  const cellWidth = (area.width - GAP * (area.columns - 1)) / area.columns;
  const imageHeight = cellWidth * area.aspect;
  let y = area.y;
  for (let start = 0; start < photos.length; start += area.columns) {
    const row = photos.slice(start, start + area.columns);
    doc.font(REGULAR).fontSize(area.fontSize);
    const captionHeight = Math.max(
      ...row.map((p) => doc.heightOfString(`${photoLine(p)}\n${p.caption ?? ''}`.trim(), { width: cellWidth })),
    );
    const rowHeight = imageHeight + 4 + captionHeight + GAP;
    if (y + rowHeight > area.bottom && y > area.top) {
      doc.addPage();
      y = area.top;
    }
    row.forEach((photo, i) => {
      const x = area.x + i * (cellWidth + GAP);
      doc.rect(x, y, cellWidth, imageHeight).fill('#f4f4f4');
      const jpeg = Buffer.from(photo.jpeg.buffer, photo.jpeg.byteOffset, photo.jpeg.byteLength);
      doc.image(jpeg, x, y, { fit: [cellWidth, imageHeight], align: 'center', valign: 'center' });
      doc.font(BOLD).fontSize(area.fontSize).fillColor(CAPTION_COLOR);
      textAt(doc, photoLine(photo), x, y + imageHeight + 4);
      if (photo.caption) {
        doc.font(REGULAR).fontSize(area.fontSize);
        doc.text(photo.caption, x, y + imageHeight + 4 + area.fontSize * 1.45, { width: cellWidth });
      }
    });
    y += rowHeight;
  }
  return y;
}
