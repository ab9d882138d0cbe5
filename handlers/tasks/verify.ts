import { verifyCard } from '../../cards/verify-card';
import { parseDrawNumber } from '../../src/domain/draw/policy';
import { verdictText, verifyDrawRecord } from '../../src/domain/draw/verify';
import { DomainError } from '../../src/domain/errors';
import { drawRecord, findDraw } from '../../src/services/draws';
import { checkedReassignments } from '../../src/services/draw-publication';
import type { CommandHandler } from '../context';

/** `/验证 <抽取编号>`: anyone may re-check any attempt (一公开); nothing about the caller matters. */
export const verify: CommandHandler = async (ctx) => {
  const drawNo = parseDrawNumber(ctx.args);
  if (!drawNo)
    throw new DomainError('USAGE', '请在 /验证 后写抽取编号，例如：/验证 CC2026-04-R1-01（编号见抽取卡片）');
  const draw = await findDraw(ctx.deps.models, drawNo);
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  // The record goes through JSON as a downloaded one would: the verifier sees exactly what the public sees.
  const verdict = verifyDrawRecord(JSON.parse(JSON.stringify(await drawRecord(ctx.deps.models, drawNo))));
  await ctx.reply(
    verifyCard({
      drawNo,
      itemName: draw.itemName,
      algorithm: draw.algorithm,
      commitment: draw.commitment ?? draw.seedCommitment,
      poolHash: draw.hashes.pool,
      poolSize: draw.poolSize,
      count: draw.count,
      verdict,
      verdictText: verdictText(verdict),
      reassignments: await checkedReassignments(ctx.deps.models, drawNo),
    }),
  );
};
