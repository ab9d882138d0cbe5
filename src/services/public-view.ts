import type { Models } from '../adapters/db/models';
import type { DrawRecord } from '../domain/draw/record';
import type { RecordV2 } from '../domain/draw/v2/schema';
import {
  type PublicPlan,
  type PublicResult,
  type PublicView,
  type PublicWaiver,
} from '../domain/publication';
import { storedPublicDraw, type PublicDraw } from '../domain/publication-draw';
import { auditHead } from './audit-read';
import { drawRecord } from './draws';
import { drawId, planId } from './publications';

/**
 * What the public page shows: published publications only, and of them only their `content` and
 * `publishedOn` — never tasks, reports or people. Each kind is read once per request with a projection
 * (FerretDB filters only `_id` in SQL: the year's scan is fine at a county's scale).
 */

export interface PublicViewQuery {
  year: number;
  /** A target's name or credit code, any case; empty: everything of the year. */
  query: string;
  /** 1-based page of results. */
  page: number;
  pageSize: number;
  /** How many drawn targets each draw lists at most (the record has them all). */
  targetsPerDraw: number;
}

export type { PublicView };

/**
 * The year's published plan, draws and results, searched by target name or credit code; and the audit
 * log's newest entry (a few reads by `_id`).
 */
export async function publicView(models: Models, q: PublicViewQuery): Promise<PublicView> {
  const needle = q.query.trim().toLowerCase();
  const published = { year: q.year, status: 'published' };
  const projection = { content: 1, publishedOn: 1 };
  const [years, plan, draws, results, waivers, head] = await Promise.all([
    models.Publication.distinct('year', { status: 'published' }),
    models.Publication.findOne({ _id: planId(q.year) }, { status: 1, content: 1, publishedOn: 1 }).lean(),
    models.Publication.find({ kind: 'draw', ...published }, projection).lean(),
    models.Publication.find({ kind: 'result', ...published }, { ...projection, searchText: 1 }).lean(),
    models.Publication.find({ kind: 'waiver', ...published }, { content: 1, publishedOn: 1 }).lean(),
    auditHead(models),
  ]);
  const matches = (p: { searchText?: string | null }) => !needle || (p.searchText ?? '').includes(needle);

  const has = (text: string) => text.toLowerCase().includes(needle);
  // A draw is matched on its own content (a copy of 10,000 targets' names as search text made its
  // publication twice the size, written at each step of the draw).
  const drawRows = draws
    .map((d) => {
      const content = storedPublicDraw(d.content as PublicDraw);
      const hits = needle ? content.targets.filter((t) => has(t.name) || has(t.creditCode)) : content.targets;
      return { content, publishedOn: d.publishedOn ?? '', hits };
    })
    .filter((d) => !needle || d.hits.length > 0 || has(d.content.drawNo) || has(d.content.itemName))
    .sort(
      (a, b) => compare(a.content.drawnOn, b.content.drawnOn) || compare(a.content.drawNo, b.content.drawNo),
    )
    .map(({ hits, ...d }) => {
      const shown = hits.slice(0, q.targetsPerDraw);
      return { ...d, shown, more: d.content.targets.length - shown.length };
    });

  const found = results
    .filter(matches)
    .map((r) => ({ content: r.content as PublicResult, publishedOn: r.publishedOn ?? '' }))
    .sort((a, b) => compare(b.publishedOn, a.publishedOn) || compare(a.content.taskNo, b.content.taskNo));
  const pages = Math.max(1, Math.ceil(found.length / q.pageSize));
  const page = Math.min(Math.max(1, q.page), pages);

  return {
    year: q.year,
    years: [...new Set([q.year, ...(years as number[])])].sort((a, b) => b - a),
    query: q.query.trim(),
    plan:
      plan?.status === 'published'
        ? { content: plan.content as PublicPlan, publishedOn: plan.publishedOn ?? '' }
        : null,
    draws: drawRows,
    waivers: waivers
      .map((w) => ({ content: w.content as PublicWaiver, publishedOn: w.publishedOn ?? '' }))
      .sort((a, b) => compare(a.content.decidedOn, b.content.decidedOn)),
    results: {
      rows: found.slice((page - 1) * q.pageSize, page * q.pageSize),
      total: found.length,
      page,
      pages,
    },
    auditHead: head,
  };
}

/** The verifier's record of a draw whose publication is out; null for any other draw number. */
export async function publishedDrawRecord(
  models: Models,
  drawNo: string,
): Promise<DrawRecord | RecordV2 | null> {
  const pub = await models.Publication.findOne({ _id: drawId(drawNo) }, { status: 1 }).lean();
  if (pub?.status !== 'published') return null;
  return drawRecord(models, drawNo);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
