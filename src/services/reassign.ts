import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { changeTask } from './task-writes';
import { claim, hasReceipt, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { findTask } from './task-records';
import { shanghaiDate, type IsoDate } from '../domain/calendar';
import { sha256Hex, sortedBy } from '../domain/draw/canonical';
import { competent } from '../domain/draw/match';
import {
  pickReplacement,
  reassignCommitment,
  reassignSeed,
  type ReassignInputs,
  type Unfit,
} from '../domain/draw/reassign';
import { DomainError } from '../domain/errors';
import { DISQUALIFICATION_TEXT, disqualification } from '../domain/qualification';
import { appendAudit } from './audit';
import { cleanPhrase } from './draw-decide';
import { namesOf } from './names';
import { qualifyingOf } from './draw-snapshot';
import { publishAttempt } from './draw-publication';
import type { OpenTask } from '../domain/schedule';
import { keepersOf, type Rostered } from './cert-reminders';
import { receiptKey, type SendOf } from './schedule-types';
import { isWorkday } from '../domain/workdays';
import { idPart } from '../domain/text';
import { reassignCard } from '../../cards/reassign-card';

/**
 * Inspectors of open or returned tasks (a filed report's inspection is done) whose 执法证 lapses before
 * the task's deadline, who are away before it, or whom the roster no longer lists as active — the
 * tasks the daily schedule asks unit heads to reassign (改派), from the open work and the roster it read.
 */
export function unfitInspectors(
  tasks: readonly OpenTask[],
  roster: readonly Rostered[],
  today: IsoDate,
): Unfit[] {
  const people = new Map(roster.map((p) => [p.key, p]));
  const out: Unfit[] = [];
  for (const t of tasks.filter((t) => t.deadline >= today))
    for (const key of t.inspectorKeys) {
      const p = people.get(key);
      const reason = !p?.active
        ? 'UNAVAILABLE'
        : disqualification(qualifyingOf(p), { from: today, to: t.deadline });
      if (reason)
        out.push({
          taskNo: t.taskNo,
          itemCode: t.itemCode,
          unitName: t.unitName,
          deadline: t.deadline,
          key,
          reason,
        });
    }
  return out;
}

export const reassignmentId = (taskNo: string, key: string) => `${taskNo}|${key}`;

/** A proposal by its id (from a card's value). */
export const findReassignment = (models: Models, id: string) =>
  id.length <= 200 ? models.Reassignment.findOne({ _id: id }).lean() : Promise.resolve(null);

/**
 * Proposes replacing `u.key` on its task: the candidates — officers the draw's rule would match (the
 * unit, unless other units may go; competent for the item), qualified over today through the deadline,
 * not on the task, without a declared conflict with its target — committed with a fresh secret, stored
 * and published. Idempotent: the same need gets the same proposal. Null when nobody can take the place.
 */
export async function proposeReassignment(
  models: Models,
  u: Unfit,
  now: Date,
  randomBytes: (size: number) => Buffer = cryptoRandomBytes,
) {
  const _id = reassignmentId(u.taskNo, u.key);
  const earlier = await models.Reassignment.findOne({ _id }).lean();
  if (earlier) return earlier;
  const task = await findTask(models, u.taskNo);
  if (!task) throw new DomainError('NO_TASK', `没有编号为 ${u.taskNo} 的检查任务`);
  const draw = await models.Draw.findOne({ _id: task.drawNo }, { inputs: 1 }).lean();
  const rule = draw?.inputs as { unit?: string; allowOtherUnits?: boolean } | undefined;
  const today = shanghaiDate(now);
  const people = await models.Person.find(
    { roles: 'inspector', active: true },
    { _id: 0, key: 1, name: 1, unitName: 1, active: 1, areas: 1, conflicts: 1, certExpires: 1, absence: 1 },
  ).lean();
  const replaced = await models.Person.findOne({ key: u.key }, { _id: 0, name: 1 }).lean();
  const candidates = sortedBy(
    people.filter(
      (p) =>
        competent(p, {
          unit: rule?.unit ?? task.unitName,
          allowOtherUnits: rule?.allowOtherUnits ?? false,
          itemCode: task.itemCode,
        }) &&
        !task.inspectorKeys.includes(p.key) &&
        !p.conflicts.includes(task.targetCreditCode) &&
        !disqualification(qualifyingOf(p), { from: today, to: task.deadline }),
    ),
    (p) => p.key,
  );
  if (candidates.length === 0) return null;
  const inputs: ReassignInputs = {
    taskNo: task.taskNo,
    replaced: u.key,
    reason: u.reason,
    date: today,
    deadline: task.deadline,
    candidates: candidates.map((p) => p.key),
  };
  const secret = randomBytes(32).toString('hex');
  const secretCommitment = sha256Hex(Buffer.from(secret, 'hex'));
  const commitment = reassignCommitment(inputs, secretCommitment);
  // Flagged first: a crash after the proposal is stored must not leave it off the draw's publication.
  await models.Draw.updateOne({ _id: task.drawNo }, { $set: { reassigned: true } });
  try {
    await models.Reassignment.create({
      _id,
      taskNo: task.taskNo,
      drawNo: task.drawNo,
      unitName: task.unitName,
      targetName: task.targetName,
      inputs,
      names: Object.fromEntries([
        [u.key, replaced?.name ?? u.key],
        ...candidates.map((p) => [p.key, p.name]),
      ]),
      secret,
      secretCommitment,
      commitment,
      createdBy: 'system:schedule',
      updatedBy: 'system:schedule',
    });
  } catch (err) {
    // A retry raced another: the first proposal stands.
    if (!asDuplicateError(err, 'reassignments')) throw err;
    return models.Reassignment.findOne({ _id }).lean();
  }
  await appendAudit(
    models,
    {
      actor: 'system:schedule',
      action: 'task.reassign-proposed',
      subject: task.taskNo,
      details: {
        replaced: u.key,
        reason: u.reason,
        candidates: inputs.candidates,
        secretCommitment,
        commitment,
      },
      key: `reassign:${_id}:proposed`,
    },
    now,
  );
  await publishAttempt(models, task.drawNo, 'system:schedule', now);
  return models.Reassignment.findOne({ _id }).lean();
}

/**
 * The unit head's decision: their phrase (4–40 characters, never used for any approval before) completes
 * the seed, which picks the replacement; the task and its open entry take them in the replaced one's
 * place; audited and published with the draw, the secret with it. Once: a second decision — another head,
 * a repeated click — gets the first one's result.
 */
export async function decideReassignment(
  models: Models,
  id: string,
  actor: string,
  phraseText: string,
  now: Date,
) {
  const r = await models.Reassignment.findOne({ _id: id }).select('+secret').lean();
  if (!r) throw new DomainError('NO_REASSIGNMENT', '这张改派卡片对应的记录不存在');
  if (r.status === 'decided') return r;
  const phrase = cleanPhrase(phraseText, '改派随机码', '由谁接替');
  const phraseKey = `phrase:${sha256Hex(phrase)}`;
  if (!(await claim(models, phraseKey, 'reassign-phrase', now, { reassignment: id }))) {
    const held = (await receiptOf(models, phraseKey))?.result as { reassignment?: string } | null;
    if (held?.reassignment !== id)
      throw new DomainError('PHRASE_USED', '这个随机码以前用过，请换一个（随手输入几个字即可，每次不同）');
  }
  const decideKey = `reassign:${id}:decide`;
  if (!(await claim(models, decideKey, 'reassign', now, { actor, phrase }))) {
    const first = (await receiptOf(models, decideKey))?.result as { phrase?: string } | null;
    if (first?.phrase !== phrase) return (await models.Reassignment.findOne({ _id: id }).lean())!;
  }
  const inputs = r.inputs as ReassignInputs;
  const seed = reassignSeed(r.secret, r.commitment, phrase);
  const picked = pickReplacement(seed, inputs);
  // A retry after a crash finds the swap made already.
  const task = await changeTask(models, inputs.taskNo, (t) => ({
    set: {
      inspectorKeys: t.inspectorKeys.map((k) => (k === inputs.replaced ? picked : k)),
      updatedBy: actor,
    },
    ...(t.status !== 'accepted' ? { note: t.status } : {}),
  }));
  await models.Reassignment.updateOne(
    { _id: id },
    { $set: { status: 'decided', phrase, seed, picked, decidedBy: actor, decidedAt: now, updatedBy: actor } },
  );
  await appendAudit(
    models,
    {
      actor,
      action: 'task.reassigned',
      subject: task.taskNo,
      details: {
        replaced: inputs.replaced,
        picked,
        phrase,
        seed,
        secret: r.secret,
        commitment: r.commitment,
      },
      key: `reassign:${id}:decided`,
    },
    now,
  );
  await publishAttempt(models, task.drawNo, actor, now);
  return (await models.Reassignment.findOne({ _id: id }).lean())!;
}

/**
 * The day's 改派 cards: for each inspector who can no longer go and has no proposal yet, one card to each
 * of the unit's keepers — on working days; again the next working day while nobody can take the place.
 */
export async function reassignSends(
  models: Models,
  day: IsoDate,
  tasks: readonly OpenTask[],
  roster: readonly Rostered[],
  problems: string[],
): Promise<SendOf<'task-reassign'>[]> {
  if (!isWorkday(day)) return [];
  const unfit = unfitInspectors(tasks, roster, day);
  if (unfit.length === 0) return [];
  const proposed = new Set((await models.Reassignment.find({}, { _id: 1 }).lean()).map((r) => r._id));
  const people = roster.filter((p) => p.active);
  const sends: SendOf<'task-reassign'>[] = [];
  for (const u of unfit) {
    if (proposed.has(reassignmentId(u.taskNo, u.key))) continue;
    const to = keepersOf(people, u.unitName);
    if (to.length === 0) problems.push(`${u.unitName}没有负责人或责任人，无法改派任务 ${u.taskNo}`);
    for (const head of to) {
      const id = `reassign-${day}-${u.taskNo}-${idPart(u.key)}-${idPart(head.key)}`;
      if (!(await hasReceipt(models, receiptKey(id))))
        sends.push({ id, kind: 'task-reassign', to: head.key, unfit: u, receipts: [id] });
    }
  }
  return sends;
}

type Proposal = NonNullable<Awaited<ReturnType<typeof proposeReassignment>>>;

/** The 改派 card of a need: its proposal (or none possible), or the decision. */
export async function reassignCardOf(
  models: Models,
  u: Pick<Unfit, 'taskNo' | 'key' | 'reason'>,
  r: Proposal | null,
) {
  const task = await findTask(models, u.taskNo, { targetName: 1 });
  const names = (r?.names ?? {}) as Record<string, string>;
  const people = await namesOf(models, [u.key, r?.decidedBy ?? '']);
  const inputs = r?.inputs as ReassignInputs | undefined;
  return reassignCard({
    taskNo: u.taskNo,
    itemName: task?.itemName ?? '',
    targetName: task?.targetName ?? '',
    deadline: task?.deadline ?? '',
    replaced: names[u.key] ?? people(u.key),
    reason: DISQUALIFICATION_TEXT[u.reason],
    id: r?._id ?? null,
    candidates: (inputs?.candidates ?? []).map((k) => names[k] ?? k),
    commitment: r?.commitment ?? null,
    ...(r?.status === 'decided' && r.picked
      ? {
          decided: {
            picked: names[r.picked] ?? r.picked,
            by: people(r.decidedBy ?? ''),
            phrase: r.phrase ?? '',
          },
        }
      : {}),
  });
}
