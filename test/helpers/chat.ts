import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../../emulator/server';
import type { Models } from '../../src/adapters/db/models';
import { messagesOf, openIdOf, testApi, type SentMessage } from './emulator';
import { waitFor } from './wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/** Deterministic draw seeds (a hash chain), so a file's draws are stable. */
export function fakeRandom(tag: string) {
  let n = 0;
  return (size: number) => {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i += 32) createHash('sha256').update(`${tag}/${n++}`).digest().copy(out, i);
    return out;
  };
}

/** Every button of a card (at any depth), with its text and callback value. */
export function buttons(card: any): { text: string; value: Record<string, unknown> }[] {
  const out: { text: string; value: Record<string, unknown> }[] = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (el.tag === 'button') out.push({ text: el.text.content, value: el.behaviors?.[0]?.value });
    for (const k of ['elements', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  card.body.elements.forEach(walk);
  return out;
}
export const textOf = (card: any) => JSON.stringify(card.body.elements);
export const title = (m: SentMessage) => (m.content as any).header?.title?.content as string;

/** A user in the emulator: says things to the bot, finds the cards it sent, clicks them (with any value). */
export function chatAs(emu: () => Emulator) {
  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cardsOf = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  const seenBy = async (name: string) => new Set((await cardsOf(name)).map((m) => m.message_id));
  /** Waits for a card titled `t` (or starting with it) in a user's chat that was not in `seen`. */
  const cardTitled = async (name: string, t: string, seen: Set<string> = new Set()) => {
    const find = async () =>
      (await cardsOf(name)).find((m) => title(m)?.startsWith(t) && !seen.has(m.message_id));
    await waitFor(async () => (await find()) !== undefined, `${name}: a card titled ${t}`);
    return (await find())!;
  };
  /** Says `text` and waits for the answer titled `t`. */
  const ask = async (name: string, text: string, t: string) => {
    const seen = await seenBy(name);
    await say(name, text);
    return cardTitled(name, t, seen);
  };
  const click = async (name: string, message: SentMessage, value: unknown, form?: Record<string, unknown>) =>
    testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), name),
      message_id: message.message_id,
      value,
      ...(form ? { form_value: form } : {}),
    });
  const button = (m: SentMessage, text: string) => {
    const b = buttons(m.content).find((x) => x.text === text);
    if (!b) throw new Error(`no button ${text} in ${title(m)}`);
    return b.value;
  };
  /** Clicks the button labelled `text` on a card (with the form's values, if any). */
  const press = async (name: string, message: SentMessage, text: string, form?: Record<string, unknown>) =>
    click(name, message, button(message, text), form);
  /** Sends a file into the user's chat with the bot, as the console or the Feishu client does. */
  const sendFile = async (name: string, path: string, fileName: string) =>
    testApi(emu(), 'POST', 'messages', {
      open_id: await openIdOf(emu(), name),
      file: { name: fileName, base64: readFileSync(path).toString('base64') },
    });
  /** Sends a file and waits for the first new card titled `t` in the sender's chat. */
  const upload = async (name: string, path: string, fileName: string, t: string) => {
    const seen = await seenBy(name);
    await sendFile(name, path, fileName);
    return cardTitled(name, t, seen);
  };
  return { say, cardsOf, seenBy, cardTitled, ask, click, button, press, sendFile, upload };
}

/**
 * Each inspector's task cards as received (titles, sorted) beside what the tasks say they should have:
 * one card per task. Compared as is, a missing or doubled card names the person.
 */
export async function taskCardsPerInspector(
  models: Models,
  cardsOf: (name: string) => Promise<SentMessage[]>,
  tasks: { targetName: string; inspectorKeys: string[] }[],
): Promise<{ person: string; cards: string[] }[][]> {
  const people = await models.Person.find({ key: { $in: tasks.flatMap((t) => t.inspectorKeys) } }).lean();
  const pairs: { person: string; cards: string[] }[][] = [];
  for (const person of people) {
    const expected = tasks
      .filter((t) => t.inspectorKeys.includes(person.key))
      .map((t) => `检查任务：${t.targetName}`)
      .sort();
    const got = (await cardsOf(person.name))
      .map(title)
      .filter((t) => t?.startsWith('检查任务：'))
      .sort();
    pairs.push([
      { person: person.name, cards: got },
      { person: person.name, cards: expected },
    ]);
  }
  return pairs;
}

/**
 * Waits until no approved draw is still waiting for its `dispatch` job (批准 decides in the callback;
 * the selection and the tasks follow in the background), and returns the dispatched draws' numbers.
 */
export async function untilDispatched(models: Models): Promise<string[]> {
  await waitFor(
    async () => (await models.Draw.countDocuments({ status: 'approved' })) === 0,
    'every approved draw dispatched',
  );
  return (await models.Draw.find({ status: 'dispatched' }, { drawNo: 1 }).lean()).map((d) => d.drawNo);
}
