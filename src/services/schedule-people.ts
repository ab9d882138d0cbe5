import type { Models } from '../adapters/db/models';
import { type EscalationTarget } from '../domain/schedule';
import { linkOpenIds, peopleWithRole, personByName } from './identity';
import { keyText } from './names';
import { type ScheduleDeps, type Send } from './schedule-types';

/**
 * The recipients' names and open ids, and the inspectors' names a card lists, looked up once for the
 * day: people are found by key, which on FerretDB is a scan, so one per send made a fan-out of 2,000
 * digests crawl. Open ids still missing are asked of Feishu in batches (50 mobiles a call).
 */
export async function addressed(
  deps: ScheduleDeps,
  sends: Send[],
  /** The day's roster, read once for the planning (`rosterOf`). */
  roster: readonly Addressable[],
): Promise<Send[]> {
  const to = sends.flatMap((s) => ('to' in s ? [s.to] : []));
  if (to.length === 0) return sends;
  const linked = await linkOpenIds(deps.models, deps.directory, to, roster);
  const people = new Map(
    roster.map(
      (p) => [p.key, { name: p.name, feishuOpenId: linked.get(p.key) ?? p.feishuOpenId ?? null }] as const,
    ),
  );
  const name = (k: string) => people.get(k)?.name ?? keyText(k);
  return sends.map((s) => {
    if (!('to' in s)) return s;
    const who = { toName: name(s.to), toOpenId: people.get(s.to)?.feishuOpenId ?? null };
    if (s.kind !== 'task-overdue') return { ...s, ...who };
    const keys = [...new Set(s.tasks.flatMap((t) => t.inspectorKeys))];
    return { ...s, ...who, names: Object.fromEntries(keys.map((k) => [k, name(k)])) };
  });
}

/** A person as addressing reads them. */
export interface Addressable {
  key: string;
  name: string;
  mobile?: string | null;
  feishuOpenId?: string | null;
}

/** Who holds a role for an item or unit, asked once per planning run. */
export class People {
  private readonly memo = new Map<string, Promise<string[]>>();
  private readonly sections = new Map<
    string,
    Promise<{ unit: string; leader: string; responsiblePerson: string } | null>
  >();
  constructor(private readonly models: Models) {}

  /** The item's 责任单位, 责任局领导 and 责任人 (section 四), read once per item. */
  private section(itemCode: string) {
    let p = this.sections.get(itemCode);
    if (!p)
      this.sections.set(
        itemCode,
        (p = this.models.Item.findOne({ code: itemCode }, { section: 1 })
          .lean()
          .then((i) => i?.section ?? null)),
      );
    return p;
  }

  async unitOf(itemCode: string): Promise<string> {
    return (await this.section(itemCode))?.unit ?? '';
  }

  /** Person keys for a rung of the ladder: the task's inspectors, the unit's 责任人, the item's 责任局领导, the office. */
  async of(
    role: EscalationTarget,
    itemCode: string,
    unitName: string,
    inspectors: string[] = [],
  ): Promise<string[]> {
    if (role === 'inspectors') return inspectors;
    const k = `${role}\n${itemCode}\n${unitName}`;
    let p = this.memo.get(k);
    if (!p) this.memo.set(k, (p = this.lookup(role, itemCode, unitName)));
    return p;
  }

  private async lookup(role: EscalationTarget, itemCode: string, unitName: string): Promise<string[]> {
    if (role === 'office') return officeKeys(this.models);
    const section = await this.section(itemCode);
    const name = role === 'leader' ? section?.leader : section?.responsiblePerson;
    const person = name
      ? await personByName(this.models, name, role === 'leader' ? undefined : unitName)
      : null;
    return person ? [person.key] : [];
  }
}

/** The leadership group's office (领导小组办公室): the ladder's last rung and the summary's readers. */
export async function officeKeys(models: Models): Promise<string[]> {
  return (await peopleWithRole(models, 'office')).map((p) => p.key);
}
