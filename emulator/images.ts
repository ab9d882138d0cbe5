import decodeHeic from 'heic-decode';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { PlatformError } from './errors';

/** The formats the image upload takes (its 234011 answer lists them). */
const FORMATS = new Set(['jpg', 'png', 'webp', 'gif', 'bmp', 'ico', 'tiff', 'heif']);

/**
 * An uploaded image as the platform keeps it: the format read from the bytes (never the name), the
 * resolution checked (GIF ≤ 2000 × 2000, others ≤ 12000 × 12000), and a HEIC converted to JPG, as the
 * platform does — so a card shows an iPhone photo in any browser. TIFF, which the platform converts too,
 * is kept as sent: the bot never uploads one. Errors are the upload's own (code, message).
 */
export async function platformImage(data: Buffer): Promise<{ data: Buffer; contentType: string }> {
  if (data.length === 0) throw new PlatformError(400, 234010, "File's size can't be 0.");
  let size: { type?: string; width: number; height: number };
  try {
    size = imageSize(data);
  } catch {
    throw unrecognised();
  }
  const type = size.type === 'heic' ? 'heif' : (size.type ?? '');
  if (!FORMATS.has(type)) throw unrecognised();
  const max = type === 'gif' ? 2000 : 12000;
  if (size.width > max || size.height > max)
    throw new PlatformError(400, 234039, 'Image resolution exceeds limit.');
  if (type !== 'heif') return { data, contentType: `image/${type === 'jpg' ? 'jpeg' : type}` };
  const pixels = await decodeHeic({ buffer: data }).catch(() => {
    throw unrecognised();
  });
  const encoded = jpeg.encode(
    {
      data: Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength),
      width: pixels.width,
      height: pixels.height,
    },
    85,
  );
  return { data: encoded.data, contentType: 'image/jpeg' };
}

const unrecognised = () => new PlatformError(400, 234011, "Can't regonnize the image format.");
