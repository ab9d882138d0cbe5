import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type * as lark from '@larksuiteoapi/node-sdk';
import { withFreshToken } from './client';

export interface MessageFiles {
  /** Saves the file a user sent in a message to `dest`, refusing anything over `maxBytes`. */
  download(messageId: string, fileKey: string, dest: string, maxBytes: number): Promise<void>;
}

export function messageFiles(client: lark.Client): MessageFiles {
  return {
    async download(messageId, fileKey, dest, maxBytes) {
      const res = await withFreshToken(client, () =>
        client.im.messageResource.get({
          path: { message_id: messageId, file_key: fileKey },
          params: { type: 'file' },
        }),
      );
      let size = 0;
      const stream = res.getReadableStream() as Readable;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) stream.destroy(new FileTooLarge(maxBytes));
      });
      await pipeline(stream, createWriteStream(dest));
    },
  };
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}
