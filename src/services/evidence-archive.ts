import { createHash } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { evidenceTasks, listEvidence, readEvidence, type EvidenceEntry } from '../adapters/db/evidence-store';
import { findTasks, type TaskRecord } from './task-records';
import { addSheet, newWorkbook, workbookFile } from '../adapters/xlsx-workbook';
import { shanghaiDateTime, type IsoDate } from '../domain/calendar';
import { EVIDENCE_KINDS, type EvidenceKind } from '../domain/evidence';
import { bureauOf } from './export-tables';
import { namesOf } from './names';

/** What the audit log says of one attached file (`evidence.attached`). */
interface Audited {
  seq: number;
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Every stored 现场材料 file checked against the audit log, which chained its SHA-256 when it was
 * attached: a file changed, removed or slipped in afterwards (in the database, by hand) is named. Reads every stored byte: for `npm run verify-audit`.
 */
export async function verifyEvidence(
  models: Models,
): Promise<{ files: number; bytes: number; problems: string[] }> {
  const audited = new Map<string, Audited>();
  for await (const e of models.AuditEntry.find({ action: 'evidence.attached' }).lean().cursor()) {
    const d = e.details as Partial<Audited> & { id?: string };
    audited.set(`${e.subject}|${d.id}`, {
      seq: e.seq,
      name: String(d.name),
      bytes: Number(d.bytes),
      sha256: String(d.sha256),
    });
  }
  // A withdrawn file is expected gone: the log says it was attached, then withdrawn.
  for await (const e of models.AuditEntry.find({ action: 'evidence.withdrawn' }).lean().cursor())
    audited.delete(`${e.subject}|${(e.details as { id?: string }).id}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  let files = 0;
  let bytes = 0;
  for (const taskNo of await evidenceTasks(models)) {
    for (const entry of await listEvidence(models, taskNo)) {
      const key = `${taskNo}|${entry.id}`;
      seen.add(key);
      const a = audited.get(key);
      // The driver refuses chunks of the wrong size or number: bytes replaced by a different length.
      const stored = await readEvidence(models, taskNo, entry.id).catch((err: Error) => err);
      if (!stored || stored instanceof Error) {
        problems.push(
          `任务 ${taskNo} 的现场材料“${entry.name}”（${entry.id}）：存储已损坏或被改动，无法完整读出${stored ? `（${stored.message.slice(0, 80)}）` : ''}`,
        );
        continue;
      }
      files++;
      bytes += stored.data.length;
      const sha256 = createHash('sha256').update(stored.data).digest('hex');
      if (!a) {
        problems.push(`任务 ${taskNo} 的现场材料“${entry.name}”（${entry.id}）：审计日志中没有上传记录`);
        continue;
      }
      if (sha256 !== a.sha256 || stored.data.length !== a.bytes)
        problems.push(
          `任务 ${taskNo} 的现场材料“${a.name}”（${entry.id}）已被改动：内容哈希 ${sha256.slice(0, 16)}…，审计日志第 ${a.seq} 条记录的是 ${a.sha256.slice(0, 16)}…`,
        );
      else if (entry.sha256 !== a.sha256)
        problems.push(
          `任务 ${taskNo} 的现场材料“${a.name}”（${entry.id}）的存储记录与审计日志第 ${a.seq} 条不符`,
        );
    }
  }
  for (const [key, a] of audited)
    if (!seen.has(key)) {
      const [taskNo, id] = key.split('|');
      problems.push(`任务 ${taskNo} 的现场材料“${a.name}”（${id}）在存储中找不到（审计日志第 ${a.seq} 条）`);
    }
  return { files, bytes, problems };
}

/**
 * 现场材料清单 (for the archive, never published): every file attached to the year's tasks — task,
 * target, name, kind, size, SHA-256 (the audit log's), who sent it and when. The files themselves stay
 * in the database; the hashes let an archived copy be checked against it.
 */
export async function evidenceTable(models: Models, year: number, asOf: IsoDate) {
  const bureau = await bureauOf(models, year);
  const ofYear = (await evidenceTasks(models)).filter((t) => t.startsWith(`CC${year}-`));
  const whole = new Map(
    (await findTasks(models, ofYear, { taskNo: 1, targetName: 1 })).map((t) => [t.taskNo, t]),
  );
  const tasks: { taskNo: string; task: TaskRecord | undefined; files: EvidenceEntry[] }[] = [];
  for (const taskNo of ofYear)
    tasks.push({ taskNo, task: whole.get(taskNo), files: await listEvidence(models, taskNo) });
  // Every uploader named at once (people are read by scan on FerretDB), not once per task.
  const name = await namesOf(
    models,
    tasks.flatMap((t) => t.files.map((f) => f.by)),
  );
  const rows: (string | number)[][] = [];
  for (const { taskNo, task, files } of tasks)
    for (const f of files)
      rows.push([
        rows.length + 1,
        taskNo,
        task?.itemName ?? '',
        task?.targetName ?? '',
        task?.unitName ?? '',
        f.name,
        EVIDENCE_KINDS[f.kind as EvidenceKind]?.label ?? f.kind,
        f.bytes,
        f.sha256,
        name(f.by),
        shanghaiDateTime(f.at),
      ]);
  const wb = newWorkbook(asOf);
  addSheet(
    wb,
    '现场材料清单',
    [
      '序号',
      '任务编号',
      '抽查事项',
      '检查对象名称',
      '责任单位',
      '文件名',
      '类型',
      '大小（字节）',
      'SHA-256',
      '上传人',
      '上传时间',
    ],
    rows,
    { filter: true },
  );
  const file = await workbookFile(wb, `${bureau} ${year} 年现场材料清单（存档，不公开）.xlsx`);
  return { ...file, rows: rows.length };
}
