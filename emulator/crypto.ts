import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * What the platform does to an event before it reaches a webhook (feishu-platform-notes §4.4–4.5):
 * AES-256-CBC with key SHA-256(encrypt_key), a random IV prefixed, base64; and the signature
 * hex(SHA-256(timestamp + nonce + encrypt_key + body)).
 */
export function encryptEvent(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signBody(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}
