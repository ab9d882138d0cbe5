import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { mayApprove, type Actor } from '../domain/permissions';
import type { PublicWaiver } from '../domain/publication';
import { appendAudit } from './audit';
import { LIVE } from './draw-store';
import { roundToDraw, waiveRound } from './draw-rounds';
import { publishNow, waiverId, waiverSubject } from './publications';
import { roundAttempts } from './period-marks';

/**
 * 免于抽查: the item's 责任局领导 (or the 组长) settles the round that is due next — last year's undrawn
 * one first, as a draw would — without a draw, with a reason. It is audited and published (一公开), stops
 * the prompts and escalations of that round, and counts as 免于抽查 in the 考评, not as missed.
 */
export async function waiveNextRound(
  models: Models,
  w: { itemCode: string; actor: Actor; reason: string; now: Date },
): Promise<{ year: number; round: number; again: boolean; itemName: string }> {
  const item = await models.Item.findOne({ code: w.itemCode }).lean();
  if (!item) throw new DomainError('NO_ITEM', '没有该抽查事项');
  const allowed = mayApprove(w.actor, item);
  if (!allowed.ok) throw new DomainError('FORBIDDEN', allowed.reason.replace('审批', '决定免于抽查'));
  const reason = w.reason.trim();
  if (reason.length < 4 || reason.length > 500)
    throw new DomainError('BAD_REASON', '请写明免于抽查的理由（4–500 字），理由将公示');
  const today = shanghaiDate(w.now);
  const target = await roundToDraw(models, today, w.itemCode);
  if (target.kind === 'no-plan')
    throw new DomainError('NO_PLAN', `${target.year} 年度计划尚未发布，没有可免于抽查的轮次`);
  if (target.kind === 'not-planned')
    throw new DomainError('NOT_PLANNED', `${target.year} 年度计划中没有“${item.name}”，无需免于抽查`);
  if (target.kind === 'all-drawn')
    throw new DomainError('ALL_DRAWN', `“${item.name}”${target.year} 年的各轮均已抽取或免于抽查`);
  const open = (
    await roundAttempts(
      models,
      { year: target.year, itemCode: w.itemCode, round: target.round },
      { status: 1 },
    )
  ).find((d) => LIVE.includes(d.status));
  if (open)
    throw new DomainError('DRAW_OPEN', `本轮有进行中的抽取 ${open.drawNo}：请先撤回或驳回它，再决定免于抽查`);
  const out = await waiveRound(models, {
    year: target.year,
    itemCode: w.itemCode,
    round: target.round,
    by: w.actor.key,
    reason,
    now: w.now,
  });
  const subject = waiverSubject(target.year, w.itemCode, target.round);
  const content: PublicWaiver = {
    year: target.year,
    itemName: item.name,
    round: target.round,
    drawBy: target.drawBy,
    reason: out.waiver.reason,
    decidedBy: w.actor.name,
    decidedOn: shanghaiDate(new Date(out.waiver.at)),
  };
  await publishNow(
    models,
    waiverId(target.year, w.itemCode, target.round),
    { content },
    { kind: 'waiver', year: target.year, subject },
    w.actor.key,
    w.now,
  );
  await appendAudit(
    models,
    {
      actor: w.actor.key,
      action: 'round.waived',
      subject: `round:${subject}`,
      details: { year: target.year, item: w.itemCode, round: target.round, reason: out.waiver.reason },
      key: `round.waived:${subject}`,
    },
    w.now,
  );
  return { year: target.year, round: target.round, again: out.again, itemName: item.name };
}
