import { summaryCard } from '../../cards/summary-card';
import { evaluationCard } from '../../cards/evaluation-card';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { messageUuid } from './card-messages';
import { evaluateYear } from './evaluation';
import { openIdForPerson } from './identity';
import { monthlySummary } from './monthly-summary';
import { namesOf } from './names';
import { officeKeys } from './schedule-people';
import type { ScheduleDeps } from './schedule-types';
import { summaryXlsx } from './summary-xlsx';

/**
 * The card, then the xlsx of the details, to the leadership office's group chat if one is set (/设为工作群
 * there), else to each office member; each message's uuid derived from the send's, so a retry doubles neither.
 */
export async function sendSummary(deps: ScheduleDeps, month: string, uuid: string): Promise<void> {
  const summary = await monthlySummary(deps.models, month, shanghaiDate(deps.now()));
  const card = summaryCard(summary);
  const xlsx = await summaryXlsx(summary);
  // December's summary brings the year's 考评 (plan, 五 (五)), after the card and its xlsx.
  const evaluation = month.endsWith('-12')
    ? evaluationCard(
        await evaluateYear(deps.models, Number(month.slice(0, 4)), summary.asOf, deps.schedule?.evaluation),
      )
    : null;
  const office = await deps.models.Unit.findOne(
    { kind: 'office', chatId: { $ne: null } },
    { chatId: 1 },
  ).lean();
  if (office?.chatId) {
    await deps.sender.sendCard({ chatId: office.chatId }, card, uuid);
    await deps.sender.sendFile({ chatId: office.chatId }, xlsx, messageUuid(uuid, 'xlsx'));
    if (evaluation)
      await deps.sender.sendCard({ chatId: office.chatId }, evaluation, messageUuid(uuid, 'evaluation'));
    return;
  }
  const keys = await officeKeys(deps.models);
  if (keys.length === 0)
    throw new DomainError('UNREACHABLE', '没有领导小组办公室人员，也没有设置办公室工作群，月度汇总无处发送');
  const unreachable: string[] = [];
  for (const key of keys) {
    const openId = await openIdForPerson(deps.models, deps.directory, key);
    if (!openId) {
      unreachable.push(key);
      continue;
    }
    await deps.sender.sendCard({ openId }, card, messageUuid(uuid, key));
    await deps.sender.sendFile({ openId }, xlsx, messageUuid(uuid, key, 'xlsx'));
    if (evaluation) await deps.sender.sendCard({ openId }, evaluation, messageUuid(uuid, key, 'evaluation'));
  }
  // Not receipted unless everyone got it: the job fails (in /运维 with who and why), and the next day's
  // planning sends it again — to those who got it, under the same uuids, which the platform absorbs.
  if (unreachable.length > 0) {
    const names = await namesOf(deps.models, unreachable);
    throw new DomainError(
      'UNREACHABLE',
      `${month} 月度汇总未能送达 ${unreachable.map(names).join('、')}：名录中没有其手机号或飞书账号，请补充后重试`,
    );
  }
}
