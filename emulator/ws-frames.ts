import protobuf from 'protobufjs';

/**
 * The long connection's frame (`pbbp2`, proto2), as the SDK's WSClient decodes it: SeqID, LogID,
 * service, method and every header's key and value are required — omit one and the SDK drops the
 * frame (feishu-platform-notes §7, trap 9).
 */
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { type: 'string', id: 1, rule: 'required' },
            value: { type: 'string', id: 2, rule: 'required' },
          },
        },
        Frame: {
          fields: {
            SeqID: { type: 'uint64', id: 1, rule: 'required' },
            LogID: { type: 'uint64', id: 2, rule: 'required' },
            service: { type: 'int32', id: 3, rule: 'required' },
            method: { type: 'int32', id: 4, rule: 'required' },
            headers: { type: 'Header', id: 5, rule: 'repeated' },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType('pbbp2.Frame');

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

export function decodeFrame(bytes: Uint8Array): Frame {
  const o = FrameType.toObject(FrameType.decode(bytes), { longs: Number, defaults: true }) as Frame;
  return o;
}

export const header = (frame: Frame, key: string): string | undefined =>
  frame.headers.find((h) => h.key === key)?.value;
