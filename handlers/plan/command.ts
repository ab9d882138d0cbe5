import { noticeCard } from '../../cards/notice-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { mayDecidePlan, maySubmitPlan } from '../../src/domain/permissions';
import { rememberCard } from '../../src/services/card-messages';
import { planCard } from '../../src/services/plan-cards';
import { STATUS_TEXT, versionsOf } from '../../src/services/plans';
import type { CommandHandler } from '../context';
import { requireActor } from '../guard';

/**
 * `/计划`: this year's and next year's plan — the one in force (文号, from when) and any version
 * awaiting the 组长 — and how to send one. The 组长 gets each pending version's approval card again,
 * the office its own card: a lost card is never a dead end.
 */
export const planCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
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
      '上传计划：在此发送计划 Excel 文件（含“随机抽查事项清单”“责任分工”两张表，可另附“人员名单”表）；发送 /导出 计划模板 获取空白模板，/导出 事项清单 获取现行计划。',
    );
  await ctx.reply(noticeCard({ title: '年度计划', text: lines.join('\n'), tone: 'info' }), 'plan');
  const kind = mayDecidePlan(actor).ok ? 'plan-approval' : office ? 'plan-submitted' : null;
  if (!kind) return;
  for (const id of pending) {
    const messageId = await ctx.reply(await planCard(ctx.deps, id, kind), `plan-${id}`);
    await rememberCard(models, messageId, id, kind, now());
  }
};
