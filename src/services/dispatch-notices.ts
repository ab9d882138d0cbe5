import { idPart } from '../domain/text';
import type { Models } from '../adapters/db/models';
import type { Recipient, Sender } from '../adapters/feishu/sender';
import { taskCard } from '../../cards/task-card';
import { unitTasksCard } from '../../cards/unit-tasks-card';
import { claim, hasReceipt } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { messageUuid, rememberCard } from './card-messages';
import { drawStatus } from './draws';
import { requireDraw } from './draw-store';
import { selectedTasks, type SelectedTask } from './draw-parts';
import { openIdForPerson, personByName, type Directory } from './identity';
import { keyText } from './names';
import { taskBasics, taskCardView, unitTasksView } from './task-view';

/**
 * One card a dispatch sends: the unit's task list, or one inspector's task. `id` is deterministic
 * (a BullMQ job id: no `:`), so planning the same dispatch twice plans the same cards.
 */
export interface Notice {
  id: string;
  kind: 'unit-tasks' | 'task';
  subject: string;
  to: { personKey: string } | { chatId: string };
  /**
   * Prepared for the whole fan-out at once (`prepareNotices`), so each send costs three database
   * operations instead of eight: the recipient's open id and the card as of the dispatch. A report filed
   * in the seconds before the card goes out is caught by the card's own button (the task is re-checked).
   */
  openId?: string;
  card?: unknown;
}

/**
 * The notices interleaved by recipient (A1 B1 C1 A2 B2 …), so a fan-out sent in order never gives one
 * person more than their share per second (the platform allows 5 messages/s to one user).
 */
function roundRobin<T>(items: T[], keyOf: (t: T) => string): T[] {
  const queues = new Map<string, T[]>();
  for (const t of items) (queues.get(keyOf(t)) ?? queues.set(keyOf(t), []).get(keyOf(t))!).push(t);
  const out: T[] = [];
  for (let round = 0; out.length < items.length; round++)
    for (const q of queues.values()) if (round < q.length) out.push(q[round]!);
  return out;
}

/**
 * The cards a dispatched draw sends: one to the responsible unit (its work chat, else its 责任人), one per
 * inspector per task. `given`: the draw's `selectedTasks`, when the caller has them already.
 */
export async function dispatchNotices(
  models: Models,
  drawNo: string,
  given?: SelectedTask[],
): Promise<Notice[]> {
  if ((await drawStatus(models, drawNo)) !== 'dispatched')
    throw new DomainError('NOT_DISPATCHED', `抽取 ${drawNo} 尚未派发`);
  const tasks = given ?? (await selectedTasks(models, await requireDraw(models, drawNo)));
  if (tasks.length === 0) return [];
  const unitName = tasks[0]!.unitName;
  const [unit, item] = await Promise.all([
    models.Unit.findOne({ name: unitName }).lean(),
    models.Item.findOne({ code: tasks[0]!.itemCode }).lean(),
  ]);
  const responsible = item ? await personByName(models, item.section.responsiblePerson, unitName) : null;
  const unitTo = unit?.chatId ? { chatId: unit.chatId } : responsible ? { personKey: responsible.key } : null;
  const perTask = tasks.flatMap((t) =>
    t.inspectorKeys.map((k) => ({
      id: `task-${t.taskNo}-${idPart(k)}`,
      kind: 'task' as const,
      subject: t.taskNo,
      to: { personKey: k },
    })),
  );
  return [
    ...(unitTo ? [{ id: `unit-${drawNo}`, kind: 'unit-tasks' as const, subject: drawNo, to: unitTo }] : []),
    ...roundRobin(perTask, (n) => n.to.personKey),
  ];
}

/**
 * Sends one notice, once: a receipt after the send marks it done; a retry after a crash between the
 * two sends again with the same uuid, which the platform drops. The card is built when sent, so it
 * shows the state of that moment.
 */
export async function sendNotice(
  deps: { models: Models; directory: Directory; sender: Sender; now(): Date },
  notice: Notice,
): Promise<'sent' | 'already'> {
  const { models } = deps;
  const key = `notice:${notice.id}`;
  if (await hasReceipt(models, key)) return 'already';
  let to: Recipient;
  if ('chatId' in notice.to) to = { chatId: notice.to.chatId };
  else if (notice.openId) to = { openId: notice.openId };
  else {
    const openId = await openIdForPerson(models, deps.directory, notice.to.personKey);
    if (!openId)
      throw new DomainError(
        'UNREACHABLE',
        `无法通过飞书联系 ${notice.to.personKey}：名录中没有其手机号或飞书账号`,
      );
    to = { openId };
  }
  const card =
    notice.card ??
    (notice.kind === 'task'
      ? taskCard(await taskCardView(models, notice.subject))
      : unitTasksCard(await unitTasksView(models, notice.subject)));
  const messageId = await deps.sender.sendCard(to, card, messageUuid('notice', notice.id));
  await rememberCard(models, messageId, notice.subject, notice.kind, deps.now());
  await claim(models, key, 'notice', deps.now(), { messageId });
  return 'sent';
}

/**
 * Fills in every notice's open id and card with a handful of queries for the whole fan-out (the task
 * cards of a fresh dispatch differ only in their task), instead of eight queries per card. For a dispatch
 * just made (`selected`: its `selectedTasks`): its tasks are all still open (a re-run's notices build each
 * card when sent, as it is then).
 */
export async function prepareNotices(
  models: Models,
  selected: SelectedTask[],
  notices: Notice[],
): Promise<Notice[]> {
  const tasks = selected.map((t) => ({ ...t, status: 'open' as const }));
  if (tasks.length === 0) return notices;
  const item = await models.Item.findOne({ code: tasks[0]!.itemCode }, { basis: 1, methods: 1 }).lean();
  const people = await models.Person.find(
    { key: { $in: [...new Set(tasks.flatMap((t) => t.inspectorKeys))] } },
    { key: 1, name: 1, feishuOpenId: 1 },
  ).lean();
  const person = new Map(people.map((p) => [p.key, p]));
  const byNo = new Map(tasks.map((t) => [t.taskNo, t]));
  return notices.map((n) => {
    const t = n.kind === 'task' ? byNo.get(n.subject) : undefined;
    if (!t || !('personKey' in n.to)) return n;
    const openId = person.get(n.to.personKey)?.feishuOpenId ?? undefined;
    return {
      ...n,
      ...(openId ? { openId } : {}),
      card: taskCard(taskBasics(t, item, (k) => person.get(k)?.name ?? keyText(k))),
    };
  });
}
