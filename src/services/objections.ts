import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { objectionDecisionDue, objectionProblem, type CorrectedFields } from '../domain/objection';
import { DEFAULT_PUBLICATION, type PublicationConfig, type PublicResult } from '../domain/publication';
import { FOLLOW_UPS, RESULT_CATEGORIES, followUpProblem } from '../domain/report';
import { isTaskNumber } from '../domain/draw/policy';
import { appendAudit } from './audit';
import { personByName } from './identity';
import { publicationsChanged, resultId } from './publications';

const openKey = (taskNo: string) => `objection-open:${taskNo}`;
const MAX_TEXT = 1000;

/** A published result, or why an objection cannot be recorded against it. */
export async function publishedResult(models: Models, taskNo: string) {
  const p = isTaskNumber(taskNo) ? await models.Publication.findOne({ _id: resultId(taskNo) }).lean() : null;
  if (!p || p.kind !== 'result')
    throw new DomainError('NO_RESULT', `没有任务编号为 ${taskNo} 的检查结果（请写公示表中的任务编号）`);
  if (p.status !== 'published')
    throw new DomainError('NOT_PUBLISHED', `任务 ${taskNo} 的检查结果尚未公示，公示后才能登记异议`);
  return { ...p, content: p.content as PublicResult, publishedOn: p.publishedOn! };
}

const text = (value: string, label: string, max: number) => {
  const t = value.trim();
  if (!t) throw new DomainError('REQUIRED', `请填写${label}`);
  if ([...t].length > max)
    throw new DomainError('TOO_LONG', `${label}最多 ${max} 字，当前 ${[...t].length} 字`);
  return t;
};

/**
 * The office records an objection (异议) against a published result: within the configured working days
 * of 公示, one open at a time. The public result shows 有异议 at once; the item's 责任局领导 decides
 * (`decideObjection`). Returns the objection and the leader's key (whom its card goes to).
 */
export async function recordObjection(
  models: Models,
  input: { taskNo: string; objector: string; receivedOn: string; content: string; actor: string; now: Date },
  config: PublicationConfig = DEFAULT_PUBLICATION,
) {
  const { taskNo, actor, now } = input;
  const result = await publishedResult(models, taskNo);
  const objector = text(input.objector, '提出异议的单位或个人', 100);
  const content = text(input.content, '异议内容', MAX_TEXT);
  // The date picker sends `YYYY-MM-DD +0800`.
  const receivedOn = input.receivedOn.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}/.test(input.receivedOn) || Number.isNaN(Date.parse(receivedOn)))
    throw new DomainError('BAD_DATE', `收到日期“${input.receivedOn}”不对，应为 年-月-日`);
  const problem = objectionProblem({
    publishedOn: result.publishedOn,
    receivedOn,
    today: shanghaiDate(now),
    workdays: config.objectionWorkdays,
  });
  if (problem) throw new DomainError('OBJECTION_LATE', problem);

  // The next number, and the result's one open objection claimed for it.
  let n = 1;
  while (await models.Objection.exists({ _id: `${taskNo}#${n}` })) n++;
  const id = `${taskNo}#${n}`;
  if (!(await claim(models, openKey(taskNo), 'objection', now, { id }))) {
    const held = (await receiptOf(models, openKey(taskNo)))?.result as { id?: string } | null;
    const open = held?.id ? await models.Objection.findOne({ _id: held.id }).lean() : null;
    if (open?.status === 'open')
      throw new DomainError(
        'OBJECTION_OPEN',
        `该结果已有一条异议正在处理（${open.objector}，${open.receivedOn} 收到），请待责任局领导决定后再登记`,
      );
    // Claimed by a recording that crashed before storing it: that claim is ours now.
    await models.Receipt.updateOne({ _id: openKey(taskNo) }, { $set: { result: { id } } });
  }
  const item = await models.Item.findOne({ code: result.itemCode ?? '' }, { section: 1 }).lean();
  try {
    await models.Objection.create({
      _id: id,
      taskNo,
      year: result.year,
      dueBy: objectionDecisionDue(shanghaiDate(now), config.objectionDecisionWorkdays),
      itemCode: result.itemCode ?? '',
      itemName: result.itemName ?? '',
      unitName: result.unitName ?? '',
      targetName: result.content.targetName,
      objector,
      receivedOn,
      content,
      before: {
        resultCategory: result.content.resultCategory,
        followUp: result.content.followUp,
        rectification: result.content.rectification,
      },
      createdBy: actor,
      updatedBy: actor,
    });
  } catch (err) {
    if (!asDuplicateError(err, 'objections')) throw err;
    throw new DomainError('OBJECTION_OPEN', '这条异议刚刚已由他人登记，请查看');
  }
  await appendAudit(
    models,
    {
      actor,
      action: 'objection.recorded',
      subject: taskNo,
      details: { id, objector, receivedOn },
      key: `objection:${id}:recorded`,
    },
    now,
  );
  await models.Publication.updateOne(
    { _id: resultId(taskNo) },
    {
      $set: {
        'content.objection': { status: 'open', receivedOn, decidedOn: null },
        updatedBy: actor,
      },
    },
  );
  await publicationsChanged(models, now);
  const leader = item ? await personByName(models, item.section.leader) : null;
  return { objection: (await models.Objection.findOne({ _id: id }).lean())!, leaderKey: leader?.key ?? null };
}

/**
 * The 责任局领导 decides: 维持 (the result stands) or 更正 (its result, follow-up and rectification change:
 * a new version is published, the old one kept in its history marked 已更正). Once: a second decision
 * gets the first. Audited; the objection's text and the reason stay internal.
 */
export async function decideObjection(
  models: Models,
  id: string,
  actor: string,
  decision: 'uphold' | 'correct',
  reasonText: string,
  correction: CorrectedFields | null,
  now: Date,
) {
  const o = await models.Objection.findOne({ _id: id }).lean();
  if (!o) throw new DomainError('NO_OBJECTION', '这张卡片对应的异议不存在');
  if (o.status !== 'open') return o;
  const reason = text(reasonText, decision === 'uphold' ? '维持的理由' : '更正的理由', 500);
  const result = await publishedResult(models, o.taskNo);
  // A retry of this decision (a crash after the claim) goes on; anyone else's decision stands.
  const decideKey = `objection:${id}:decide`;
  const prior = (await receiptOf(models, decideKey))?.result as { actor?: string } | null;
  if (prior && prior.actor !== actor) return o;
  const fields = decision === 'correct' ? checkCorrection(correction, result.content, prior != null) : null;
  if (!prior && !(await claim(models, decideKey, 'objection', now, { actor, decision })))
    return (await models.Objection.findOne({ _id: id }).lean())!;
  const today = shanghaiDate(now);
  const c = result.content;
  const objection = {
    status: decision === 'correct' ? 'corrected' : 'upheld',
    receivedOn: o.receivedOn,
    decidedOn: today,
  };
  const update: Record<string, unknown> = { 'content.objection': objection, updatedBy: actor };
  // A retry after a crash finds the version made already: the history holds the fields it replaced.
  if (
    fields &&
    (fields.resultCategory !== c.resultCategory ||
      fields.followUp !== c.followUp ||
      fields.rectification !== c.rectification)
  ) {
    const version = c.version ?? 1;
    update['content.history'] = [
      ...(c.history ?? []),
      {
        version,
        resultCategory: c.resultCategory,
        followUp: c.followUp,
        rectification: c.rectification,
        correctedOn: today,
      },
    ];
    update['content.version'] = version + 1;
    update['content.resultCategory'] = fields.resultCategory;
    update['content.followUp'] = fields.followUp;
    update['content.rectification'] = fields.rectification;
  }
  await models.Publication.updateOne({ _id: resultId(o.taskNo) }, { $set: update });
  await publicationsChanged(models, now);
  await models.Objection.updateOne(
    { _id: id },
    {
      $set: {
        status: objection.status,
        decidedBy: actor,
        decidedAt: now,
        reason,
        correction: fields,
        updatedBy: actor,
      },
    },
  );
  await models.Receipt.deleteOne({ _id: openKey(o.taskNo) });
  await appendAudit(
    models,
    {
      actor,
      action: 'objection.decided',
      subject: o.taskNo,
      details: { id, decision: objection.status, reason, correction: fields },
      key: `objection:${id}:decided`,
    },
    now,
  );
  return (await models.Objection.findOne({ _id: id }).lean())!;
}

/** A correction's fields, checked: known values, and different from what is published. */
function checkCorrection(c: CorrectedFields | null, now: PublicResult, retry: boolean): CorrectedFields {
  const resultCategory = c?.resultCategory?.trim() ?? '';
  const followUp = c?.followUp?.trim() ?? '';
  if (!(RESULT_CATEGORIES as readonly string[]).includes(resultCategory))
    throw new DomainError('BAD_RESULT', '请选择更正后的检查结果');
  if (!(FOLLOW_UPS as readonly string[]).includes(followUp))
    throw new DomainError('BAD_FOLLOW_UP', '请选择更正后的后续处置');
  const mismatch = followUpProblem(resultCategory, followUp);
  if (mismatch) throw new DomainError('BAD_FOLLOW_UP', mismatch);
  const rectification = (c?.rectification ?? '').trim();
  if ([...rectification].length > MAX_TEXT)
    throw new DomainError('TOO_LONG', `整改情况最多 ${MAX_TEXT} 字，当前 ${[...rectification].length} 字`);
  if (
    !retry &&
    resultCategory === now.resultCategory &&
    followUp === now.followUp &&
    rectification === now.rectification
  )
    throw new DomainError(
      'NOTHING_CORRECTED',
      '更正后的内容与现在公示的相同：如结果无误，请选择“维持原结果”',
    );
  return { resultCategory, followUp, rectification };
}
