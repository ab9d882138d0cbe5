import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable, type Readable } from 'node:stream';
import type * as lark from '@larksuiteoapi/node-sdk';
import { withFreshToken } from './client';

/** A message's resource: a file message's `file_key` (type `file`) or an image message's `image_key` (`image`). */
export type ResourceType = 'file' | 'image';

export interface MessageFiles {
  /** Saves the file a user sent in a message to `dest`, refusing anything over `maxBytes`. */
  download(messageId: string, fileKey: string, dest: string, maxBytes: number): Promise<void>;
  /** The bytes of a file or picture a user sent, refusing anything over `maxBytes` (FileTooLarge). */
  read(messageId: string, key: string, type: ResourceType, maxBytes: number): Promise<Buffer>;
}

export function messageFiles(client: lark.Client): MessageFiles {
  /** The resource as a stream that fails with FileTooLarge once more than `maxBytes` came. */
  async function open(messageId: string, key: string, type: ResourceType, maxBytes: number) {
    const res = await withFreshToken(client, () =>
      client.im.messageResource.get({ path: { message_id: messageId, file_key: key }, params: { type } }),
    );
    let size = 0;
    const stream = res.getReadableStream() as Readable;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) stream.destroy(new FileTooLarge(maxBytes));
    });
    return stream;
  }
  return {
    async download(messageId, fileKey, dest, maxBytes) {
      await pipeline(await open(messageId, fileKey, 'file', maxBytes), createWriteStream(dest));
    },
    async read(messageId, key, type, maxBytes) {
      const parts: Buffer[] = [];
      const collect = new Writable({
        write(chunk: Buffer, _enc, done) {
          parts.push(chunk);
          done();
        },
      });
      await pipeline(await open(messageId, key, type, maxBytes), collect);
      return Buffer.concat(parts);
    },
  };
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}
