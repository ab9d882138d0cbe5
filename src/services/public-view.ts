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
import { drawId, planId, PUBLIC_PAGE_STAMP } from './publications';
import { readStamp } from '../adapters/db/stamps';
import { LRUCache } from 'lru-cache';
import { ttlClock } from './lookups';

/**
 * What the public page shows: published publications only, and of them only their `content` and
 * `publishedOn` — never tasks, reports or people. FerretDB filters publications by kind and year only by
 * decoding every one ever written (the year's draws carry their drawn targets), so a year's publications
 * are read once and kept (`cachedPublicView`) until the change stamp says one changed.
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

/** A year's published publications, as read: ordered as the page lists them. */
interface PublishedYear {
  years: number[];
  plan: PublicView['plan'];
  draws: { content: PublicDraw; publishedOn: string }[];
  results: { content: PublicResult; publishedOn: string; searchText: string }[];
  waivers: PublicView['waivers'];
}

async function publishedYear(models: Models, year: number): Promise<PublishedYear> {
  const published = { year, status: 'published' };
  const projection = { content: 1, publishedOn: 1 };
  const [years, plan, draws, results, waivers] = await Promise.all([
    models.Publication.distinct('year', { status: 'published' }),
    models.Publication.findOne({ _id: planId(year) }, { status: 1, content: 1, publishedOn: 1 }).lean(),
    models.Publication.find({ kind: 'draw', ...published }, projection).lean(),
    models.Publication.find({ kind: 'result', ...published }, { ...projection, searchText: 1 }).lean(),
    models.Publication.find({ kind: 'waiver', ...published }, projection).lean(),
  ]);
  return {
    years: [...new Set([year, ...(years as number[])])].sort((a, b) => b - a),
    plan:
      plan?.status === 'published'
        ? { content: plan.content as PublicPlan, publishedOn: plan.publishedOn ?? '' }
        : null,
    draws: draws
      .map((d) => ({ content: storedPublicDraw(d.content as PublicDraw), publishedOn: d.publishedOn ?? '' }))
      .sort(
        (a, b) =>
          compare(a.content.drawnOn, b.content.drawnOn) || compare(a.content.drawNo, b.content.drawNo),
      ),
    results: results
      .map((r) => ({
        content: r.content as PublicResult,
        publishedOn: r.publishedOn ?? '',
        searchText: r.searchText ?? '',
      }))
      .sort((a, b) => compare(b.publishedOn, a.publishedOn) || compare(a.content.taskNo, b.content.taskNo)),
    waivers: waivers
      .map((w) => ({ content: w.content as PublicWaiver, publishedOn: w.publishedOn ?? '' }))
      .sort((a, b) => compare(a.content.decidedOn, b.content.decidedOn)),
  };
}

/** The page for a query: the year's publications searched by target name or credit code, and paged. */
function viewOf(y: PublishedYear, q: PublicViewQuery, head: PublicView['auditHead']): PublicView {
  const needle = q.query.trim().toLowerCase();
  const has = (text: string) => text.toLowerCase().includes(needle);
  // A draw is matched on its own content (a copy of 10,000 targets' names as search text made its
  // publication twice the size, written at each step of the draw).
  const draws = y.draws.flatMap((d) => {
    const hits = needle
      ? d.content.targets.filter((t) => has(t.name) || has(t.creditCode))
      : d.content.targets;
    if (needle && hits.length === 0 && !has(d.content.drawNo) && !has(d.content.itemName)) return [];
    const shown = hits.slice(0, q.targetsPerDraw);
    return [{ ...d, shown, more: d.content.targets.length - shown.length }];
  });
  const found = needle ? y.results.filter((r) => r.searchText.includes(needle)) : y.results;
  const pages = Math.max(1, Math.ceil(found.length / q.pageSize));
  const page = Math.min(Math.max(1, q.page), pages);
  return {
    year: q.year,
    years: y.years,
    query: q.query.trim(),
    plan: y.plan,
    draws,
    waivers: y.waivers,
    results: {
      rows: found
        .slice((page - 1) * q.pageSize, page * q.pageSize)
        .map(({ content, publishedOn }) => ({ content, publishedOn })),
      total: found.length,
      page,
      pages,
    },
    auditHead: head,
  };
}

/**
 * The public page's reader: the year's published plan, draws and results, searched by target name or
 * credit code, and the audit log's newest entry. Each year's publications are kept in memory and read
 * again only when the change stamp, which every publishing write sets afterwards (`publicationsChanged`),
 * has moved: a visit reads the stamp and the audit log's head, a few documents by `_id`, whatever the
 * bureau's history. The stamp is read before the publications, so a change written meanwhile moves it
 * past what was read. `maxAgeMs` bounds how long a change that set no stamp (a writer stopped between
 * its write and the stamp) stays unseen; `now` (ms) is the clock of that age.
 */
export function cachedPublicView(
  models: Models,
  { maxAgeMs = 5 * 60_000, now }: { maxAgeMs?: number; now?: () => number } = {},
): (q: PublicViewQuery) => Promise<PublicView> {
  const years = new LRUCache<string, PublishedYear>({
    // A few years at once (this one, the last, a visitor browsing); a stamp's old copies age out.
    max: 6,
    ttl: maxAgeMs,
    ...ttlClock(now),
    // A copy pushed out while being read is still answered to those waiting for it.
    ignoreFetchAbort: true,
    fetchMethod: (key) => publishedYear(models, Number(key.slice(0, key.indexOf(':')))),
  });
  return async (q) => {
    const [stamp, head] = await Promise.all([readStamp(models, PUBLIC_PAGE_STAMP), auditHead(models)]);
    const year = await years.fetch(`${q.year}:${stamp}`);
    return viewOf(year!, q, head);
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
