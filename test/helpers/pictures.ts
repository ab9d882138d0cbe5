import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpegjs from 'jpeg-js';

/**
 * A real JPEG of noise, each one different, of roughly `n` bytes: the platform (and the emulator)
 * decodes what it is given for a card, so a picture must be one.
 */
export function jpegPhoto(n = 4000): Buffer {
  const side = Math.max(8, Math.round(Math.sqrt(n / 2)));
  return jpegjs.encode({ data: randomBytes(side * side * 4), width: side, height: side }, 60).data;
}

/** An iPhone-style photo: 96 × 64, HEIC (made once with libheif's `heif-enc -q 40`). */
export const HEIC_PHOTO = readFileSync(join(__dirname, '../fixtures/evidence/site.heic'));

/** A JPEG's width and height, decoded. */
export function jpegSize(data: Buffer): [number, number] {
  const { width, height } = jpegjs.decode(data);
  return [width, height];
}
