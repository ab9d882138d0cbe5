import { z } from 'zod';
import { ACTIONS } from '../../cards/actions';
import { DomainError } from '../../src/domain/errors';
import { isTaskNumber } from '../../src/domain/draw/policy';
import { claimedKind, nameProblem } from '../../src/domain/evidence';
import {
  mayImportPool,
  maySubmitPlan,
  mayUploadEvidence,
  mayViewEvidence,
} from '../../src/domain/permissions';
import {
  EVIDENCE_HELP,
  evidenceFor,
  evidencePickerOf,
  pendingEvidenceTask,
  startEvidence,
  withdrawEvidence,
} from '../../src/services/evidence';
import { evidenceWithdrawnCard } from '../../cards/evidence-cards';
import type { ActionHandler, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { taskOf } from '../report/shared';
import { id, type Attachment } from '../events';
import { poolUpload } from '../pool/upload';

/**
 * A file or picture sent to the bot: 现场材料 when the sender has a task pending (上传现场材料), or has
 * open tasks and sent a picture or a file that is not an importer's spreadsheet (then they pick the
 * task on a card); anything else is a pool or plan file, as before. 现场材料 is downloaded and stored
 * in a job, which answers with the receipt.
 */
export async function attachmentMessage(ctx: CommandContext, a: Attachment): Promise<void> {
  const actor = requireActor(ctx);
  const { models, now, jobs } = ctx.deps;
  const file = {
    messageId: ctx.messageId,
    key: a.key,
    type: a.type,
    ...(a.fileName ? { fileName: a.fileName } : {}),
  };
  // A picture has no file name and is never a pool: in a group chat (where evidence is not taken) say so.
  if (ctx.isGroup && a.type === 'image')
    throw new DomainError(
      'GROUP_PICTURE',
      '群聊中的图片不会保存。现场材料请在与抽查助手的单聊中发送（先在任务卡片上点击“上传现场材料”）。',
    );
  const pending = ctx.isGroup ? null : await pendingEvidenceTask(models, actor.key, now());
  if (pending) {
    if (a.fileName) refuseName(a.fileName);
    await jobs.enqueue('attach-evidence', {
      ...file,
      taskNo: pending,
      actor: actor.key,
      openId: ctx.operatorOpenId,
    });
    return;
  }
  const importer = mayImportPool(actor).ok || maySubmitPlan(actor).ok;
  const spreadsheet =
    a.fileName !== undefined && (/\.(xlsx|csv|json)$/i.test(a.fileName) || !claimedKind(a.fileName));
  if (!ctx.isGroup && (a.type === 'image' || !(importer && spreadsheet))) {
    const picker = await evidencePickerOf(models, actor.key, file);
    if (picker) {
      if (a.fileName) refuseName(a.fileName);
      await ctx.reply(picker, 'evidence-picker');
      return;
    }
    if (a.type === 'image')
      throw new DomainError(
        'NO_OPEN_TASK',
        '您当前没有待填报的检查任务，这张图片未保存。现场材料请在任务卡片上点击“上传现场材料”后发送；其他事项请发送文字命令（例如 /帮助）。',
      );
  }
  return poolUpload(ctx, { fileKey: a.key, fileName: a.fileName! });
}

/** A file whose name is not a kind taken as 现场材料: refused at once, before any download. */
function refuseName(fileName: string): void {
  const bad = nameProblem(fileName);
  if (bad) throw new DomainError('EVIDENCE_TYPE', bad);
}

/** 上传现场材料 on a task card: the inspector's next files go to this task. */
const start: ActionHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const task = await taskOf(ctx);
  await requireAllowed(ctx, mayUploadEvidence(actor, task), 'evidence.start', task.taskNo);
  const held = await startEvidence(ctx.deps.models, actor, task, ctx.deps.now());
  return {
    toast: {
      type: 'info',
      content: `请在与抽查助手的单聊中发送${held.targetName}的现场照片或文件（已有 ${held.files} 件）。${EVIDENCE_HELP}`,
    },
  };
};

const pickValue = z.object({
  taskNo: z.string().refine(isTaskNumber),
  messageId: id,
  key: z.string().min(1).max(512),
  type: z.enum(['file', 'image']),
  fileName: z.string().min(1).max(255).optional(),
});

/** A task picked for a file sent with none pending: it is stored in the background, and later files go there too. */
const pick: ActionHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const v = pickValue.safeParse(ctx.value);
  if (!v.success) throw new DomainError('BAD_CARD', '这张卡片的内容无法识别，请重新发送文件');
  const task = await taskOf(ctx);
  await requireAllowed(ctx, mayUploadEvidence(actor, task), 'evidence.pick', task.taskNo);
  await startEvidence(ctx.deps.models, actor, task, ctx.deps.now());
  await ctx.deps.jobs.enqueue('attach-evidence', { ...v.data, actor: actor.key, openId: ctx.operatorOpenId });
  return { toast: { type: 'success', content: `正在保存到任务 ${v.data.taskNo}，完成后在对话中告诉您` } };
};

/** 查看原件 on the review card: the stored file goes to the reviewer's own chat. */
const view: ActionHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const task = await taskOf(ctx);
  await requireAllowed(ctx, mayViewEvidence(actor, task), 'evidence.view', task.taskNo);
  const entry = await evidenceFor(ctx.deps.models, actor, task, String(ctx.value.id ?? ''));
  await ctx.deps.jobs.enqueue('send-evidence', {
    taskNo: task.taskNo,
    id: entry.id,
    openId: ctx.operatorOpenId,
  });
  return { toast: { type: 'info', content: `“${entry.name}”的原件将发送到您与抽查助手的单聊` } };
};

/** 撤回此文件 on a file's receipt: taken back by its sender while the task takes files; the task's cards follow. */
const withdraw: ActionHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const task = await taskOf(ctx);
  await requireAllowed(ctx, mayUploadEvidence(actor, task), 'evidence.withdraw', task.taskNo);
  const entry = await withdrawEvidence(
    ctx.deps.models,
    actor,
    task,
    String(ctx.value.id ?? ''),
    ctx.deps.now(),
  );
  await ctx.deps.jobs.enqueue('refresh-task', { taskNo: task.taskNo }, `withdrawn-${entry.id}`);
  return {
    toast: { type: 'success', content: `已撤回“${entry.name}”` },
    card: evidenceWithdrawnCard({ taskNo: task.taskNo, name: entry.name, sha256: entry.sha256 }),
  };
};

export const evidenceActions: Record<string, ActionHandler> = {
  [ACTIONS.evidenceStart]: start,
  [ACTIONS.evidencePick]: pick,
  [ACTIONS.evidenceView]: view,
  [ACTIONS.evidenceWithdraw]: withdraw,
};
