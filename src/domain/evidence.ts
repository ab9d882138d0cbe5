/**
 * 现场材料: the photos and files an inspector sends from the site, attached to a task. What may be
 * attached (the kinds, each recognised by its content, not its name), how much, and how it is named
 * and described in chat. Pure: the service downloads, stores and audits.
 */

/** The kinds taken, by what their first bytes say (a name alone proves nothing: an .exe renamed .jpg). */
export const EVIDENCE_KINDS = {
  jpg: { label: 'JPG 图片', extensions: ['jpg', 'jpeg'], image: true },
  png: { label: 'PNG 图片', extensions: ['png'], image: true },
  heic: { label: 'HEIC 照片', extensions: ['heic', 'heif'], image: true },
  pdf: { label: 'PDF 文件', extensions: ['pdf'], image: false },
  docx: { label: 'Word 文档（docx）', extensions: ['docx'], image: false },
  xlsx: { label: 'Excel 表格（xlsx）', extensions: ['xlsx'], image: false },
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

export const EVIDENCE_TYPES_TEXT = 'jpg、png、heic 照片，pdf、docx、xlsx 文件';

export interface EvidenceLimits {
  /** One file, bytes. A phone photo is 2–8 MB; a scanned 检查记录表 a few MB. */
  maxFileBytes: number;
  /** All of one task's files together, bytes. */
  maxTaskBytes: number;
  /** Files per task. */
  maxFiles: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxTaskBytes: 100 * 1024 * 1024,
  maxFiles: 20,
};

/** How long after 上传现场材料 (or the last file) files sent to the bot go to that task. */
export const EVIDENCE_WINDOW_MINUTES = 120;

/** A size as people read it: `512 KB`, `2.3 MB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes === 0 ? 0 : Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

const startsWith = (head: Uint8Array, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

/** ISO-BMFF brands of HEIF stills (iPhone photos are `heic`; `mif1`/`msf1` are the generic HEIF brands). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/**
 * What a file's first bytes (at least 12) say it is: one of the image kinds, a PDF, or a ZIP container
 * (docx and xlsx are ZIPs: `ooxmlKind` tells which from its entries); null for anything else.
 */
export function sniffKind(head: Uint8Array): Exclude<EvidenceKind, 'docx' | 'xlsx'> | 'zip' | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  // HEIF: a `ftyp` box first, its major brand right after.
  if (startsWith(head, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (HEIF_BRANDS.has(brand)) return 'heic';
  }
  return null;
}

/** Which Office document a ZIP's entry names make it: docx (`word/document.xml`), xlsx (`xl/workbook.xml`). */
export function ooxmlKind(entries: readonly string[]): 'docx' | 'xlsx' | null {
  if (!entries.includes('[Content_Types].xml')) return null;
  if (entries.includes('word/document.xml')) return 'docx';
  if (entries.includes('xl/workbook.xml')) return 'xlsx';
  return null;
}

/** The extension of a file name, lower case, without the dot ('' when there is none). */
export const extensionOf = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The kind a name claims, or null when its extension is not one taken. */
export function claimedKind(name: string): EvidenceKind | null {
  const ext = extensionOf(name);
  for (const [kind, k] of Object.entries(EVIDENCE_KINDS))
    if ((k.extensions as readonly string[]).includes(ext)) return kind as EvidenceKind;
  return null;
}

/** A file refused before it is read: its name's type is not taken. */
export function nameProblem(name: string): string | null {
  if (claimedKind(name)) return null;
  const ext = extensionOf(name);
  return `“${name}”${ext ? `是 .${ext} 文件` : '没有扩展名'}，不能作为现场材料。可上传的类型：${EVIDENCE_TYPES_TEXT}。`;
}

/**
 * A downloaded file checked: its content must be the kind its name claims (a picture sent as an image
 * message has no name and claims nothing). Returns the kind, or the reason it is refused.
 */
export function contentProblem(
  name: string | null,
  found: EvidenceKind | null,
): { kind: EvidenceKind } | { problem: string } {
  const claimed = name === null ? null : claimedKind(name);
  const what = name === null ? '这张图片' : `“${name}”`;
  if (!found)
    return {
      problem: `${what}的内容不是可识别的照片或文件${claimed ? `（扩展名是 .${extensionOf(name!)}，但文件内容不是${EVIDENCE_KINDS[claimed].label}）` : ''}，未保存。可上传的类型：${EVIDENCE_TYPES_TEXT}。`,
    };
  if (claimed && claimed !== found && !(EVIDENCE_KINDS[claimed].image && EVIDENCE_KINDS[found].image))
    return {
      problem: `${what}的扩展名是 .${extensionOf(name!)}，但文件内容是${EVIDENCE_KINDS[found].label}，两者不符，未保存。请发送原始文件。`,
    };
  return { kind: found };
}

/** What a task already holds, for the limits. */
export interface TaskEvidenceTotals {
  files: number;
  bytes: number;
}

/** A file of `bytes` refused by the limits, with the reason; null when it fits. */
export function limitProblem(
  what: string,
  bytes: number,
  held: TaskEvidenceTotals,
  limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS,
): string | null {
  if (bytes === 0) return `${what}是空文件，未保存。`;
  if (bytes > limits.maxFileBytes)
    return `${what}超过单个文件 ${sizeText(limits.maxFileBytes)} 的上限，未保存。照片请以“图片”发送（飞书会压缩），扫描件请降低分辨率后再发。`;
  if (held.files >= limits.maxFiles)
    return `本任务已有 ${held.files} 件现场材料，达到 ${limits.maxFiles} 件的上限，${what}未保存。`;
  if (held.bytes + bytes > limits.maxTaskBytes)
    return `本任务的现场材料已有 ${sizeText(held.bytes)}，加上${what}（${sizeText(bytes)}）将超过每个任务 ${sizeText(limits.maxTaskBytes)} 的上限，未保存。`;
  return null;
}

/**
 * The name a picture gets (an image message carries none): 现场照片, the time it arrived and its
 * kind's extension, e.g. `现场照片-20261202-153012.jpg`.
 */
export function pictureName(kind: EvidenceKind, shanghaiStamp: string): string {
  return `现场照片-${shanghaiStamp}.${EVIDENCE_KINDS[kind].extensions[0]}`;
}

/** A file's identity within its task: stable for one message's attachment, so a retried job writes it once. */
export const evidenceId = (messageId: string): string =>
  `ev-${messageId.replace(/[^0-9A-Za-z_-]/g, '').slice(0, 100)}`;
