import { verifyCard } from '../../cards/verify-card';
import { parseDrawNumber } from '../../src/domain/draw/policy';
import { verifyRecord } from '../../src/domain/draw/record';
import { DomainError } from '../../src/domain/errors';
import { drawRecord, findDraw } from '../../src/services/draws';
import type { CommandHandler } from '../context';

/** `/验证 <抽取编号>`: anyone may re-check any draw (一公开); nothing about the caller matters. */
export const verify: CommandHandler = async (ctx) => {
  const drawNo = parseDrawNumber(ctx.args);
  if (!drawNo)
    throw new DomainError('USAGE', '请在 /验证 后写抽取编号，例如：/验证 CC2026-04-R1-01（编号见抽取卡片）');
  const draw = await findDraw(ctx.deps.models, drawNo);
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  const record = await drawRecord(ctx.deps.models, drawNo);
  await ctx.reply(
    verifyCard({
      drawNo,
      itemName: draw.itemName,
      algorithm: record.inputs.algorithm,
      seedCommitment: record.seedCommitment,
      seed: record.seed,
      poolHash: record.hashes.pool,
      poolSize: draw.poolSize,
      count: draw.count,
      verdict: verifyRecord(record),
    }),
  );
};
