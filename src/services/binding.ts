import type { Models } from '../adapters/db/models';
import { asPeopleWriter } from './people-writes';
import { claim, receiptOf } from '../adapters/db/claim';
import type { Sender } from '../adapters/feishu/sender';
import { bindRequestCard, type BindCardView } from '../../cards/bind-card';
import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../domain/errors';
import { appendAudit } from './audit';
import { messageUuid } from './card-messages';
import { openIdForPerson, peopleWithRole, type Directory } from './identity';

/**
 * The request card's view: who asks (as Feishu names them now), whom they say they are, and the state.
 * While pending it warns when the person is linked to another account (after a decision, there is none).
 */
async function bindView(
  dir: Directory,
  request: { openId: string; requestId: string },
  person: { key: string; name: string; unitName: string; title: string; feishuOpenId?: string | null },
  state: Pick<BindCardView, 'status' | 'decidedBy'>,
): Promise<BindCardView> {
  const user = await dir.userByOpenId(request.openId);
  return {
    feishuName: user?.name ?? null,
    feishuMobile: user?.mobile ?? null,
    openId: request.openId,
    requestId: request.requestId,
    personKey: person.key,
    name: person.name,
    unit: person.unitName,
    title: person.title,
    linkedElsewhere: state.status === 'pending' && Boolean(person.feishuOpenId),
    ...state,
  };
}

type Deps = { models: Models; directory: Directory; sender: Sender; now(): Date };

/**
 * `/绑定 姓名 [单位]`: someone the bot cannot match by mobile asks to be a person of the people data.
 * The office gets a card to confirm it (never automatic: a name is no proof). Returns whom they asked for.
 */
export async function requestBinding(
  deps: Deps,
  r: { openId: string; name: string; unit?: string; requestId: string },
): Promise<{ name: string; unit: string; sentTo: number }> {
  const { models } = deps;
  const found = await models.Person.find(
    r.unit ? { name: r.name, unitName: r.unit, active: true } : { name: r.name, active: true },
    { key: 1, name: 1, unitName: 1, title: 1, feishuOpenId: 1 },
  ).lean();
  if (found.length === 0)
    throw new DomainError(
      'NO_PERSON',
      `名单中没有“${r.name}”${r.unit ? `（${r.unit}）` : ''}：请联系领导小组办公室把您加入人员名单或执法检查人员名录`,
    );
  if (found.length > 1)
    throw new DomainError(
      'AMBIGUOUS_PERSON',
      `名单中有 ${found.length} 位“${r.name}”（${found.map((p) => p.unitName).join('、')}），请写明单位：/绑定 ${r.name} 单位`,
    );
  const person = found[0]!;
  if (person.feishuOpenId === r.openId)
    throw new DomainError('ALREADY_BOUND', `您已绑定为 ${person.name}（${person.unitName}），无需再绑定`);
  const view = await bindView(deps.directory, r, person, { status: 'pending' });
  const office = await peopleWithRole(models, 'office');
  let sentTo = 0;
  for (const o of office) {
    const openId = await openIdForPerson(models, deps.directory, o.key);
    if (!openId) continue;
    await deps.sender.sendCard(
      { openId },
      bindRequestCard(view),
      messageUuid('bind', r.openId, person.key, o.key),
    );
    sentTo++;
  }
  if (sentTo === 0) throw new DomainError('UNREACHABLE', '无法联系领导小组办公室确认绑定：请直接联系办公室');
  await appendAudit(
    models,
    {
      actor: `open_id:${r.openId}`,
      action: 'person.bind-requested',
      subject: person.key,
      details: { openId: r.openId, feishuName: view.feishuName },
    },
    deps.now(),
  );
  return { name: person.name, unit: person.unitName, sentTo };
}

/**
 * The office's decision on a binding: confirmed, the open id is the person's (a Feishu account is one
 * person: one already bound to someone else is refused); either way the asker is told and it is audited.
 */
export async function decideBinding(
  deps: Deps,
  d: {
    openId: string;
    personKey: string;
    requestId: string;
    confirm: boolean;
    actor: string;
    actorName: string;
  },
): Promise<BindCardView> {
  const { models } = deps;
  const person = await models.Person.findOne({ key: d.personKey }).lean();
  if (!person) throw new DomainError('NO_PERSON', '名单中已没有此人');
  // One decision per request, whichever office member's card is clicked first.
  const decided = await receiptOf(models, `bind-decision:${d.requestId}:${d.openId}:${person.key}`);
  if (decided)
    throw new DomainError(
      'BIND_DECIDED',
      `此申请已${decided.result === 'confirmed' ? '确认' : '拒绝'}，无需再处理`,
    );
  if (d.confirm) {
    const other = await models.Person.findOne({ feishuOpenId: d.openId }, { key: 1, name: 1 }).lean();
    if (other && other.key !== person.key)
      throw new DomainError(
        'BOUND_ELSEWHERE',
        `该飞书账号已绑定为 ${other.name}，不能再绑定为 ${person.name}`,
      );
  }
  const decision = d.confirm ? 'confirmed' : 'rejected';
  if (
    !(await claim(
      models,
      `bind-decision:${d.requestId}:${d.openId}:${person.key}`,
      'bind',
      deps.now(),
      decision,
    ))
  )
    throw new DomainError('BIND_DECIDED', '此申请已由他人处理');
  if (d.confirm)
    await asPeopleWriter(models, () =>
      models.Person.updateOne({ key: person.key }, { $set: { feishuOpenId: d.openId, updatedBy: d.actor } }),
    );
  await appendAudit(
    models,
    {
      actor: d.actor,
      action: d.confirm ? 'person.bound' : 'person.bind-rejected',
      subject: person.key,
      details: { openId: d.openId, previous: person.feishuOpenId ?? null },
      key: `bind:${d.requestId}:${d.openId}:${person.key}`,
    },
    deps.now(),
  );
  await deps.sender.sendCard(
    { openId: d.openId },
    noticeCard({
      title: d.confirm ? '身份绑定成功' : '身份绑定未通过',
      text: d.confirm
        ? `领导小组办公室已确认：您是 ${person.name}（${person.unitName}）。发送 /帮助 查看可用的指令。`
        : `领导小组办公室没有确认您是 ${person.name}（${person.unitName}）。如有疑问请直接联系办公室。`,
      tone: d.confirm ? 'info' : 'warning',
    }),
    messageUuid('bind-result', d.requestId, d.openId, person.key),
  );
  return bindView(deps.directory, d, person, {
    status: d.confirm ? 'confirmed' : 'rejected',
    decidedBy: d.actorName,
  });
}

/**
 * `/设为工作群`: the actor's unit gets its task lists in `chatId` from now on (audited). The caller has
 * checked the role; returns the unit's name.
 */
export async function bindUnitChat(
  models: Models,
  actor: { key: string; unitName: string },
  chatId: string,
  now: Date,
): Promise<string> {
  const unit = await models.Unit.findOne({ name: actor.unitName }).lean();
  if (!unit) throw new DomainError('NO_UNIT', `单位“${actor.unitName}”不在单位名单中`);
  await models.Unit.updateOne({ name: unit.name }, { $set: { chatId, updatedBy: actor.key } });
  await appendAudit(
    models,
    { actor: actor.key, action: 'unit.chat-bound', subject: `unit:${unit.name}`, details: { chatId } },
    now,
  );
  return unit.name;
}
