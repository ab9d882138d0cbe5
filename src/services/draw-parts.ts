import { gunzipSync, gzipSync } from 'node:zlib';
import { bytesOf } from '../adapters/db/binary';
import { receiptOf } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import { byIds } from '../adapters/db/numbered';
import type { Selection } from '../domain/draw/core';
import { taskNumber } from '../domain/draw/policy';
import type { InputsV2 } from '../domain/draw/v2/schema';
import { receiptKey, type StoredDraw } from './draw-store';
import { citedPool } from './pool-snapshots';

/**
 * A draw's large lists in `draw_parts` (its officers, declared conflicts, and once drawn its selection and
 * the selected targets' addresses), and what is read from them: its pool, its selection, its tasks.
 */

export const PART_SIZE = 5_000;
export type PartKind = 'pool' | 'officers' | 'conflicts' | 'pool-addresses' | 'selections' | 'addresses';

/**
 * A part's `_id`: the one filter FerretDB runs in SQL is an `_id` equality; any other decodes every part of
 * every draw (since 2026-12; parts written before have generated ids and are found by their fields).
 */
const partId = (drawNo: string, writer: string, kind: PartKind, part: number) =>
  `${drawNo}|${writer}|${kind}|${part}`;

/** Writes a list as gzip'd JSON chunks of `PART_SIZE` under `writer`; returns how many chunks. */
export async function writeParts(
  models: Models,
  drawNo: string,
  writer: string,
  kind: PartKind,
  entries: readonly unknown[],
): Promise<number> {
  const of = Math.max(1, Math.ceil(entries.length / PART_SIZE));
  const docs = [];
  for (let i = 0; i < of; i++) {
    const json = Buffer.from(JSON.stringify(entries.slice(i * PART_SIZE, (i + 1) * PART_SIZE)));
    const _id = partId(drawNo, writer, kind, i);
    docs.push({ _id, drawNo, writer, kind, part: i, of, json: gzipSync(json), gzip: true });
  }
  // Independent chunks: written concurrently, the driver pipelines them on its pool of connections.
  await Promise.all(docs.map((d) => models.DrawPart.collection.insertOne(d as never)));
  return docs.length;
}

export async function readParts<T>(
  models: Models,
  drawNo: string,
  writer: string,
  kind: PartKind,
): Promise<T[]> {
  // Part 0 says how many there are; the rest by `_id`. Every list has a part 0: none means parts stored
  // before they were keyed.
  const first = await models.DrawPart.findOne({ _id: partId(drawNo, writer, kind, 0) }).lean();
  const ids = Array.from({ length: (first?.of ?? 1) - 1 }, (_, i) => partId(drawNo, writer, kind, i + 1));
  const found = await byIds(ids, (id) => models.DrawPart.findOne({ _id: id }).lean());
  const rest = ids.map((id) => found.get(id));
  if (rest.some((p) => !p)) throw new Error(`draw ${drawNo}: a part of its ${kind} is missing`);
  const parts: { json: unknown; gzip?: boolean | null }[] = first
    ? [first, ...rest.map((p) => p!)]
    : await models.DrawPart.find({ drawNo, writer, kind }).sort({ part: 1 }).lean();
  return parts.flatMap((p) => {
    const bytes = bytesOf(p.json, 'draw part');
    // Parts written before 2026-12 are plain JSON.
    return JSON.parse((p.gzip ? gunzipSync(bytes) : bytes).toString('utf8')) as T[];
  });
}

/**
 * A DRAW-2 draw's pool and the pool's addresses (in pool order), with its canonical JSON where stored
 * so: from the snapshot chunks it cites, or (draws proposed before 2026-12) from its own copy in `draw_parts`.
 */
export async function poolOf(
  models: Models,
  draw: Pick<StoredDraw, 'drawNo' | 'writer' | 'poolChunks' | 'poolAddressChunks'>,
): Promise<{ pool: InputsV2['pool']; addresses: string[]; json?: Buffer[] }> {
  // A draw stored before 2026-12 read without mongoose's defaults (lean) has no `poolChunks` at all.
  const chunks = draw.poolChunks ?? [];
  if (chunks.length === 0) {
    const [pool, addresses] = await Promise.all([
      readParts<InputsV2['pool'][number]>(models, draw.drawNo, draw.writer, 'pool'),
      readParts<string>(models, draw.drawNo, draw.writer, 'pool-addresses'),
    ]);
    return { pool, addresses };
  }
  return citedPool(models, chunks, draw.poolAddressChunks ?? []);
}

/**
 * Who wrote a draw's selection and addresses: DRAW-1 at proposal (the draw's writer), DRAW-2 at
 * approval (the `selected` receipt's). Null while a DRAW-2 draw has no selection yet.
 */
export async function selectionWriter(models: Models, draw: StoredDraw): Promise<string | null> {
  if (draw.algorithmVersion === 'DRAW-1') return draw.writer;
  const r = await receiptOf(models, receiptKey(draw.drawNo, 'selected'));
  return (r?.result as { writer?: string } | null)?.writer ?? null;
}

/**
 * The tasks a dispatched (or dispatching) draw's selection makes, as `dispatchDraw` stores them but for their
 * progress: numbers, targets, inspectors, deadline. Read from the draw and its selection's parts (a few
 * reads by `_id`), not from the tasks: FerretDB would decode every task of every draw to find a draw's.
 * None before the selection exists.
 */
export async function selectedTasks(models: Models, draw: StoredDraw) {
  const writer = await selectionWriter(models, draw);
  if (!writer) return [];
  const [selections, addresses] = await Promise.all([
    readParts<Selection>(models, draw.drawNo, writer, 'selections'),
    readParts<string>(models, draw.drawNo, writer, 'addresses'),
  ]);
  return tasksOfSelection(draw, selections, addresses);
}

/** The tasks a selection makes (`selectedTasks` without the reads, for the one who just computed it). */
export function tasksOfSelection(
  draw: StoredDraw,
  selections: readonly Pick<Selection, 'creditCode' | 'name' | 'inspectorKeys'>[],
  addresses: readonly string[],
) {
  return selections.map((s, i) => ({
    taskNo: taskNumber(draw.drawNo, i),
    drawNo: draw.drawNo,
    year: draw.year,
    itemCode: draw.itemCode,
    itemName: draw.itemName,
    round: draw.round,
    unitName: (draw.inputs as { unit: string }).unit,
    targetCreditCode: s.creditCode,
    targetName: s.name,
    targetAddress: addresses[i] ?? '',
    inspectorKeys: s.inspectorKeys,
    deadline: draw.deadline,
  }));
}
export type SelectedTask = ReturnType<typeof tasksOfSelection>[number];

/** A draw's selection as stored (targets with their inspectors, in the result's order); none before it exists. */
export async function selectionsOf(models: Models, draw: StoredDraw): Promise<Selection[]> {
  const writer = await selectionWriter(models, draw);
  return writer ? readParts<Selection>(models, draw.drawNo, writer, 'selections') : [];
}
