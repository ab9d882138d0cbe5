import type { Models } from '../adapters/db/models';
import { sortedBy, sortedSet } from '../domain/draw/canonical';
import { qualify, type AbsenceKind, type Qualifying } from '../domain/qualification';

/** Officer keys by credit code, for the recusal digests and the check that every target can be staffed. */
export function conflictIndex(pairs: readonly (readonly [string, string])[]) {
  const byCode = new Map<string, string[]>();
  for (const [code, key] of pairs) (byCode.get(code) ?? byCode.set(code, []).get(code)!).push(key);
  const none: string[] = [];
  return (code: string): readonly string[] => byCode.get(code) ?? none;
}

/**
 * Every officer of the 执法检查人员名录库 in key order, with their declared conflicts (kept private), as
 * the draw reads them for tasks over `window` (the draw date through the deadline): an officer whose
 * 执法证 lapses before the deadline, or who is away during the window, is not `active`, and `excluded`
 * says why (docs/draw-algorithm.md §5.1; only the coarse reason is published).
 */
export async function officerList(models: Models, window: { from: string; to: string }) {
  const stored = await models.Person.find(
    { roles: 'inspector' },
    { _id: 0, key: 1, name: 1, unitName: 1, active: 1, areas: 1, conflicts: 1, certExpires: 1, absence: 1 },
  ).lean();
  const { people, excluded } = qualify(
    stored.map((p) => ({
      key: p.key,
      name: p.name,
      unitName: p.unitName,
      // Here, so that without its dates each officer keeps the record's member order.
      ...qualifyingOf(p),
      areas: sortedSet(p.areas),
      conflicts: sortedSet(p.conflicts),
    })),
    window,
  );
  return {
    officers: sortedBy(
      people.map(({ certExpires: _c, absence: _a, ...o }) => o),
      (o) => o.key,
    ),
    excluded: sortedBy(excluded, (e) => e.key),
  };
}

/** What the qualification rule reads of a stored person (mongoose types its members optional). */
export const qualifyingOf = (p: {
  active?: boolean | null;
  certExpires?: string | null;
  absence?: { kind: string; from?: string | null; to?: string | null } | null;
}): Qualifying => ({
  active: p.active ?? true,
  certExpires: p.certExpires ?? null,
  absence: absenceOf(p.absence),
});

/** A stored absence (mongoose types its members optional). */
export const absenceOf = (
  a: { kind: string; from?: string | null; to?: string | null } | null | undefined,
) => (a?.from ? { kind: a.kind as AbsenceKind, from: a.from, to: a.to ?? null } : null);
