import type { IsoDate } from './calendar';

/** 一公开 of draws: every attempt at a round as published, and its 改派 (docs/public-page.md). */

/**
 * One attempt at a round, published from its proposal on and updated at each step: every attempt —
 * dispatched, cancelled, rejected, failed — stays on the public page with who ended it and why, and
 * with its revealed secret, so that repeated attempts are visible to anyone (docs/draw-algorithm.md §2).
 */
export interface PublicDraw {
  drawNo: string;
  year: number;
  itemName: string;
  round: number;
  attempt: number;
  /** proposed, submitted, approved, dispatched, rejected, cancelled or failed. */
  status: string;
  proposedBy: string;
  /** The proposal's date (the draw date of its inputs). */
  drawnOn: IsoDate;
  /** Drawn after the round's draw-by date (逾期抽取). */
  late: boolean;
  unit: string;
  poolSize: number;
  count: number;
  algorithmVersion: string;
  /** DRAW-2: SHA-256 of the server's secret; DRAW-1: of the seed. Published with the proposal. */
  seedCommitment: string;
  /** DRAW-2: what the proposal binds (inputs hash and secret commitment); null for DRAW-1. */
  commitment: string | null;
  hashes: { pool: string; officers: string; inputs: string; recusals?: string };
  /** Notes of the plan (targets left out and why). */
  notes: string[];
  /** The decision that ended or approved the attempt: by whom, when, why. */
  decision: { status: string; by: string; on: IsoDate; reason: string } | null;
  /** DRAW-2, revealed when the attempt ended or was approved. */
  secret: string | null;
  /** DRAW-2: the approver's contribution, made at the approval. */
  phrase: string | null;
  /** The seed the selection came from (DRAW-2: derived at approval; DRAW-1: chosen at proposal). */
  seed: string | null;
  /** The drawn list once dispatched: targets only (who inspects whom is in the record, for the verifier). */
  targets: { name: string; creditCode: string }[];
  /** Inspectors replaced after dispatch (改派, REASSIGN-1), each from its proposal on. */
  reassignments?: PublicReassignment[];
}

/**
 * One replacement, published when proposed (inputs and commitments) and again when decided (the secret,
 * the unit head's phrase, the seed and who was picked) — everything `reassignProblem` needs.
 */
export interface PublicReassignment {
  taskNo: string;
  targetName: string;
  /** Names of the replaced inspector and of the candidates, by key. */
  names: Record<string, string>;
  inputs: {
    taskNo: string;
    replaced: string;
    reason: string;
    date: IsoDate;
    deadline: IsoDate;
    candidates: string[];
  };
  secretCommitment: string;
  commitment: string;
  secret: string | null;
  phrase: string | null;
  seed: string | null;
  picked: string | null;
  decidedBy: string | null;
  decidedOn: IsoDate | null;
}

/** An attempt as published: its verification data, its state and, once dispatched, the drawn targets. */
export function publicDraw(src: PublicDraw): PublicDraw {
  return {
    drawNo: src.drawNo,
    year: src.year,
    itemName: src.itemName,
    round: src.round,
    attempt: src.attempt,
    status: src.status,
    proposedBy: src.proposedBy,
    drawnOn: src.drawnOn,
    late: src.late,
    unit: src.unit,
    poolSize: src.poolSize,
    count: src.count,
    algorithmVersion: src.algorithmVersion,
    seedCommitment: src.seedCommitment,
    commitment: src.commitment,
    hashes: {
      pool: src.hashes.pool,
      officers: src.hashes.officers,
      inputs: src.hashes.inputs,
      ...(src.hashes.recusals ? { recusals: src.hashes.recusals } : {}),
    },
    notes: [...src.notes],
    decision: src.decision
      ? { status: src.decision.status, by: src.decision.by, on: src.decision.on, reason: src.decision.reason }
      : null,
    secret: src.secret,
    phrase: src.phrase,
    seed: src.seed,
    targets: src.targets.map((t) => ({ name: t.name, creditCode: t.creditCode })),
    ...(src.reassignments?.length
      ? {
          reassignments: src.reassignments.map((r) => ({
            taskNo: r.taskNo,
            targetName: r.targetName,
            names: { ...r.names },
            inputs: { ...r.inputs, candidates: [...r.inputs.candidates] },
            secretCommitment: r.secretCommitment,
            commitment: r.commitment,
            // Nothing of the randomness before the decision: the secret would let anyone try phrases.
            secret: r.phrase ? r.secret : null,
            phrase: r.phrase,
            seed: r.seed,
            picked: r.picked,
            decidedBy: r.decidedBy,
            decidedOn: r.decidedOn,
          })),
        }
      : {}),
  };
}

/** A draw's drawn targets as stored: one JSON text of [credit code, name] pairs (see `packPublicDraw`). */
export type PackedTargets = string;

/**
 * A draw's publication as it is stored: the drawn targets packed into one text. FerretDB converts every
 * stored value on each write: 10,000 targets as objects made the dispatched attempt's write take 0.3 s,
 * as one text a few milliseconds.
 */
export const packPublicDraw = (d: PublicDraw): Omit<PublicDraw, 'targets'> & { targets: PackedTargets } => ({
  ...d,
  targets: JSON.stringify(d.targets.map((t) => [t.creditCode, t.name])),
});

/**
 * A draw's publication as stored, made whole: its targets unpacked (earlier ones stored them as
 * objects); those written before attempts were published (dispatched DRAW-1 draws) lack the state and
 * decision, and had their seed revealed.
 */
export function storedPublicDraw(
  stored: Omit<Partial<PublicDraw>, 'targets'> & {
    drawNo: string;
    targets?: PublicDraw['targets'] | PackedTargets;
  },
): PublicDraw {
  const content = {
    ...stored,
    targets:
      typeof stored.targets === 'string'
        ? (JSON.parse(stored.targets) as [string, string][]).map(([creditCode, name]) => ({
            name,
            creditCode,
          }))
        : stored.targets,
  };
  const defaults = {
    attempt: Number(content.drawNo.slice(content.drawNo.lastIndexOf('-') + 1)),
    status: 'dispatched',
    late: false,
    proposedBy: '',
    commitment: null,
    notes: [],
    decision: null,
    secret: null,
    phrase: null,
  };
  return publicDraw({ ...defaults, ...content } as PublicDraw);
}
