import { noticeCard } from '../../cards/notice-card';
import { planProblemsCard } from '../../cards/plan-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { DomainError } from '../../src/domain/errors';
import { mayDecidePlan, maySubmitPlan, type Actor } from '../../src/domain/permissions';
import { rememberCard } from '../../src/services/card-messages';
import { planCard } from '../../src/services/plan-cards';
import { amendDuty, isDutyField, type DutyField } from '../../src/services/plan-upload';
import { STATUS_TEXT, versionsOf } from '../../src/services/plans';
import type { CommandContext, CommandHandler } from '../context';
import { requireActor, requireAllowed, requireItem } from '../guard';

const AMEND_USAGE =
  '用法：/计划 调整 事项 责任人 姓名（也可调整 责任局领导、责任单位，可同时写几项，如 /计划 调整 旅馆业 责任单位 禁毒大队 责任人 郭继涛）';

/**
 * `/计划`: this year's and next year's plan — the one in force (文号, from when) and any version
 * awaiting the 组长 — and how to send one. The 组长 gets each pending version's approval card again,
 * the office its own card: a lost card is never a dead end. `/计划 调整 …`: see `amend`.
 */
export const planCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const words = ctx.args.trim().split(/\s+/).filter(Boolean);
  if (words[0] === '调整') return amend(ctx, actor, words.slice(1));
  if (words.length) throw new DomainError('USAGE', `用法：/计划（查看年度计划），或 ${AMEND_USAGE.slice(3)}`);
  const { models, now } = ctx.deps;
  const year = Number(shanghaiDate(now()).slice(0, 4));
  const lines: string[] = [];
  const pending: string[] = [];
  for (const y of [year, year + 1]) {
    const versions = await versionsOf(models, y);
    const inForce = versions.filter((v) => v.status === 'approved').pop();
    lines.push(
      inForce
        ? `${y} 年度计划：${inForce.docNumber}，第 ${inForce.version} 版，自 ${inForce.effectiveOn} 起施行`
        : `${y} 年度计划：尚未批准`,
    );
    for (const v of versions.filter((x) => x.status === 'pending')) {
      lines.push(`  第 ${v.version} 版（${v.fileName}）${STATUS_TEXT[v.status]}`);
      pending.push(v._id);
    }
  }
  const office = maySubmitPlan(actor).ok;
  if (office)
    lines.push(
      '上传计划：在此发送计划 Excel 文件（含“随机抽查事项清单”“责任分工”两张表，可另附“人员名单”表）；发送 /导出 计划模板 获取空白模板，/导出 事项清单 获取现行计划；调整责任人：/计划 调整 事项 责任人 姓名。',
    );
  await ctx.reply(noticeCard({ title: '年度计划', text: lines.join('\n'), tone: 'info' }), 'plan');
  const kind = mayDecidePlan(actor).ok ? 'plan-approval' : office ? 'plan-submitted' : null;
  if (!kind) return;
  for (const id of pending) await sendCard(ctx, id, kind);
};

async function sendCard(ctx: CommandContext, id: string, kind: 'plan-approval' | 'plan-submitted') {
  const messageId = await ctx.reply(await planCard(ctx.deps, id, kind), `plan-${id}`);
  await rememberCard(ctx.deps.models, messageId, id, kind, ctx.deps.now());
}

/**
 * `/计划 调整 旅馆业 责任人 王五 [责任单位 …]`: the office changes who answers for an item; the change is
 * a new version of this year's plan, checked like a file, and takes effect when the 组长 approves it
 * (from the day they pick). The office gets the version's card here, the 组长 the approval card.
 */
async function amend(ctx: CommandContext, actor: Actor, words: string[]) {
  await requireAllowed(ctx, maySubmitPlan(actor), 'plan.amend', words.join(' '));
  const [itemText, ...rest] = words;
  if (!itemText || rest.length === 0 || rest.length % 2 !== 0) throw new DomainError('USAGE', AMEND_USAGE);
  const changes: { field: DutyField; value: string }[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const field = rest[i]!;
    if (!isDutyField(field)) throw new DomainError('USAGE', `不能调整“${field}”。${AMEND_USAGE}`);
    changes.push({ field, value: rest[i + 1]! });
  }
  const { models, now } = ctx.deps;
  const itemCode = await requireItem(ctx, itemText, AMEND_USAGE);
  const year = Number(shanghaiDate(now()).slice(0, 4));
  const out = await amendDuty(models, { year, itemCode, changes, actor, now: now() });
  if (!out.ok) {
    await ctx.reply(planProblemsCard({ fileName: `调整 ${words.join(' ')}`, year, problems: out.problems }));
    return;
  }
  await sendCard(ctx, out.version._id, 'plan-submitted');
  await ctx.deps.jobs.enqueue('send-plan-cards', { id: out.version._id });
}
