import { distance } from 'fastest-levenshtein';
import { makeItemResolver, type ItemNames } from './item-resolver';
import { fold } from './text';

export interface QueryItem extends ItemNames {
  seq: number;
  /** Section 四's heading groups items: "（三）特种行业事项检查" holds 旅馆业, 公章刻制业, 废旧金属收购业. */
  section: { heading: string };
}

export type ItemQuery =
  /** `approximate`: the words were not the item's name, nor part of it (a typo, extra words): say so. */
  | { kind: 'one'; code: string; approximate?: boolean }
  /** Several items fit (a group such as 特种行业, or a word in several names): the user picks. */
  | { kind: 'choice'; codes: string[] }
  /** Nothing fits; the nearest items by spelling, best first (may be empty). */
  | { kind: 'none'; suggestions: string[] };

const key = (s: string) => fold(s).toLowerCase();

/**
 * What a chat user means by an item (`/抽查 娱乐`): an exact name, code or alias; else a section group
 * (特种行业 → its three items); else every item whose name or alias contains the words, or is contained
 * in them (娱乐场所检查); else the nearest spellings as suggestions. Items come back in plan order.
 */
export function queryItems(items: QueryItem[], text: string): ItemQuery {
  const q = key(text);
  const bySeq = [...items].sort((a, b) => a.seq - b.seq);
  const exact = makeItemResolver(items)(text);
  if (exact) return { kind: 'one', code: exact };
  if (q.length === 0) return { kind: 'choice', codes: bySeq.map((i) => i.code) };
  const names = (i: QueryItem) => [i.name, i.targetType, ...i.aliases].map(key);
  const pick = (hit: (i: QueryItem) => boolean): ItemQuery | null => {
    const found = bySeq.filter(hit);
    if (found.length === 0) return null;
    if (found.length > 1) return { kind: 'choice', codes: found.map((i) => i.code) };
    const item = found[0]!;
    // Part of the name (刻制), or the name with more words (娱乐场所检查), is plain; anything else (娱乐厂所,
    // matched by its alias 娱乐) is a guess the user should see.
    const name = key(item.name);
    return name.includes(q) || q.includes(name)
      ? { kind: 'one', code: item.code }
      : { kind: 'one', code: item.code, approximate: true };
  };
  if (q.length >= 2) {
    const found =
      pick((i) => key(i.section.heading).includes(q)) ??
      pick((i) => names(i).some((n) => n.includes(q) || (n.length >= 2 && q.includes(n))));
    if (found) return found;
  }
  const scored = bySeq
    .map((i) => ({
      code: i.code,
      d: Math.min(...names(i).map((n) => distance(n, q) / Math.max(n.length, q.length))),
    }))
    .filter((s) => s.d <= 0.5)
    .sort((a, b) => a.d - b.d);
  return { kind: 'none', suggestions: scored.slice(0, 3).map((s) => s.code) };
}
