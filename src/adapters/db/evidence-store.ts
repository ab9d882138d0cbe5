import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import type { Models } from './models';

/**
 * 现场材料 in GridFS, one bucket per task (`evidence.<taskNo>.files` / `.chunks`): the standard layout, so
 * `mongofiles` and any driver read it, and every file keeps the `_id` the task's record gives it.
 *
 * Per task because FerretDB (tests, demo) uses no index for reads: a download scans its whole chunks
 * collection (measured on SQLite: 5 s for one 3 MB file among 120 such files in one bucket, 80 ms
 * alone). A task's bucket holds at most its limit (EvidenceLimits.maxTaskBytes), so a download costs
 * at most that many bytes scanned, however many years of evidence the database holds. MongoDB reads
 * either layout through its indexes.
 */

export interface StoredEvidence {
  id: string;
  name: string;
  data: Buffer;
}

/** What is recorded with each file (the files document's `metadata`). */
export interface EvidenceMeta {
  taskNo: string;
  /** Its place among the task's files (1-based, in the order they were taken). */
  slot: number;
  kind: string;
  sha256: string;
  by: string;
  at: Date;
  /** The platform's key of the uploaded picture the review card shows (jpg and png up to 10 MB). */
  imageKey: string | null;
}

/** One stored file as its task lists it. */
export interface EvidenceEntry extends EvidenceMeta {
  id: string;
  name: string;
  bytes: number;
}

const bucketOf = (models: Models, taskNo: string) =>
  new mongoose.mongo.GridFSBucket(models.Task.db.db!, { bucketName: `evidence.${taskNo}` });

/**
 * Stores a file under `id`, replacing any earlier partial write of the same id (a retried job): its
 * chunks first, the files document last, as the driver writes them.
 */
export async function putEvidence(
  models: Models,
  taskNo: string,
  file: { id: string; name: string; data: Buffer; metadata: EvidenceMeta },
): Promise<void> {
  await removeEvidence(models, taskNo, file.id);
  const bucket = bucketOf(models, taskNo);
  // The driver types GridFS ids as ObjectId; any BSON value is allowed, and ours are strings.
  const id = file.id as unknown as mongoose.mongo.ObjectId;
  await pipeline(
    Readable.from([file.data]),
    bucket.openUploadStreamWithId(id, file.name, { metadata: file.metadata }),
  );
}

/**
 * A task's files, in the order they were taken: its bucket's files documents (written last, so only complete files).
 * The bucket is the list — at most EvidenceLimits.maxFiles small documents, read whole.
 */
export async function listEvidence(models: Models, taskNo: string): Promise<EvidenceEntry[]> {
  const docs = await bucketOf(models, taskNo).find({}).toArray();
  return docs
    .map((d) => {
      const m = d.metadata as EvidenceMeta;
      return {
        id: String(d._id),
        name: d.filename,
        bytes: d.length,
        taskNo: m.taskNo,
        slot: m.slot,
        kind: m.kind,
        sha256: m.sha256,
        by: m.by,
        at: new Date(m.at),
        imageKey: m.imageKey ?? null,
      };
    })
    .sort((a, b) => a.slot - b.slot);
}

/** A stored file's bytes, or null when the task's bucket has no complete file `id`. */
export async function readEvidence(
  models: Models,
  taskNo: string,
  id: string,
): Promise<StoredEvidence | null> {
  const bucket = bucketOf(models, taskNo);
  const oid = id as unknown as mongoose.mongo.ObjectId;
  const doc = await bucket.find({ _id: oid }).next();
  if (!doc) return null;
  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(oid)) parts.push(chunk as Buffer);
  return { id, name: doc.filename, data: Buffer.concat(parts) };
}

/** Removes a file's chunks and files document (what is there of them). */
export async function removeEvidence(models: Models, taskNo: string, id: string): Promise<void> {
  const db = models.Task.db.db!;
  await db.collection(`evidence.${taskNo}.files`).deleteOne({ _id: id as never });
  await db.collection(`evidence.${taskNo}.chunks`).deleteMany({ files_id: id as never });
}

/** The tasks that have a bucket (for the check of every stored file against the audit log). */
export async function evidenceTasks(models: Models): Promise<string[]> {
  const names = await models.Task.db.db!.listCollections({}, { nameOnly: true }).toArray();
  return names
    .map((c) => /^evidence\.(.+)\.files$/.exec(c.name)?.[1])
    .filter((t): t is string => !!t)
    .sort();
}
