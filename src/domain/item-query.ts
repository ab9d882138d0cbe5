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
  /**
   * Several items fit (a group such as 特种行业, or a word in several names): the user picks. `close`: the
   * words named none of them, and a guess was spelled about as close to each.
   */
  | { kind: 'choice'; codes: string[]; close?: boolean }
  /** Nothing fits; the nearest items by spelling, best first (may be empty). */
  | { kind: 'none'; suggestions: string[] };

const key = (s: string) => fold(s).toLowerCase();
/** Spellings at most this far apart (a share of the longer) are close enough to suggest. */
const CLOSE = 0.5;
/** A close item at most this much further from the words than a guess rivals it (under one character in six). */
const RIVAL_MARGIN = 0.1;

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
  /** How far the words are from an item's nearest name, as a share of the longer one (0 = same). */
  const spelling = (i: QueryItem) =>
    Math.min(...names(i).map((n) => distance(n, q) / Math.max(n.length, q.length)));
  const pick = (hit: (i: QueryItem) => boolean): ItemQuery | null => {
    const found = bySeq.filter(hit);
    if (found.length === 0) return null;
    if (found.length > 1) return { kind: 'choice', codes: found.map((i) => i.code) };
    const item = found[0]!;
    // Part of the name (刻制), or the name with more words (娱乐场所检查), is plain; anything else (娱乐厂所,
    // matched by its alias 娱乐) is a guess the user should see, and a guess is not taken while another
    // item is spelled about as close (娱乐服务厂所, caught by 娱乐场所's alias 娱乐, is nearer 娱乐服务场所): the user
    // picks.
    const name = key(item.name);
    if (name.includes(q) || q.includes(name)) return { kind: 'one', code: item.code };
    const bound = Math.min(spelling(item) + RIVAL_MARGIN, CLOSE);
    const rivals = bySeq.filter((i) => i !== item && spelling(i) <= bound);
    return rivals.length === 0
      ? { kind: 'one', code: item.code, approximate: true }
      : {
          kind: 'choice',
          codes: bySeq.filter((i) => i === item || rivals.includes(i)).map((i) => i.code),
          close: true,
        };
  };
  if (q.length >= 2) {
    const found =
      pick((i) => key(i.section.heading).includes(q)) ??
      pick((i) => names(i).some((n) => n.includes(q) || (n.length >= 2 && q.includes(n))));
    if (found) return found;
  }
  const scored = bySeq
    .map((i) => ({ code: i.code, d: spelling(i) }))
    .filter((s) => s.d <= CLOSE)
    .sort((a, b) => a.d - b.d);
  return { kind: 'none', suggestions: scored.slice(0, 3).map((s) => s.code) };
}
