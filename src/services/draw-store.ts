import { exclusionNote, type Disqualification } from '../domain/qualification';
import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { receiptOf } from '../adapters/db/claim';
import { shanghaiDate } from '../domain/calendar';
import type { Stratum } from '../domain/draw/core';
import { noteText, reasonText, type DrawNote, type DrawReason } from '../domain/draw/texts';
import { DomainError } from '../domain/errors';
import { seedOf } from '../domain/draw/v2/protocol';
import { namesOf } from './names';

/**
 * How draws are stored, shared by proposing, deciding and dispatching (src/services/draws.ts): the
 * draw document (its large lists in `draw_parts`: draw-parts.ts), and the transition receipts that are the truth of
 * its state (`draw:<no>:submit|decide|dispatched`, and for DRAW-2 `draw:<no>:selected`).
 */

/** A transition as its receipt holds it. `phrase`: the approver's contribution to a DRAW-2 seed. */
export interface Transition {
  to: DrawStatus;
  actor: string;
  at: string;
  reason?: string;
  phrase?: string;
}

export type TransitionSlot = 'submit' | 'decide' | 'dispatched';
export const receiptKey = (drawNo: string, slot: TransitionSlot | 'selected') => `draw:${drawNo}:${slot}`;

/** Terminal states in which the secret (DRAW-1: the seed) is public: every end but a live proposal. */
export const REVEALED: readonly DrawStatus[] = ['approved', 'dispatched', 'rejected', 'cancelled', 'failed'];
/** An attempt that is still open: it blocks a new attempt of its round. */
export const LIVE: readonly DrawStatus[] = ['proposed', 'submitted'];

export const STATUS_LABELS: Record<DrawStatus, string> = {
  proposed: '待提交审批',
  submitted: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  cancelled: '已取消',
  dispatched: '已派发',
  failed: '无法抽取',
};

export const STATUS_VERB: Record<DrawStatus, string> = {
  proposed: '抽取',
  submitted: '提交审批',
  approved: '批准',
  rejected: '驳回',
  cancelled: '取消',
  dispatched: '派发',
  failed: '判定无法抽取',
};

export type StoredDraw = NonNullable<Awaited<ReturnType<typeof loadDraw>>>;
export const loadDraw = (models: Models, drawNo: string) => models.Draw.findOne({ _id: drawNo }).lean();
/** A draw with its secret and seed, which only `revealedFrom` may hand on. */
export const loadWithSecrets = (models: Models, drawNo: string) =>
  models.Draw.findOne({ _id: drawNo }).select('+secret +seed').lean();

/** The draw, or a Chinese error; `withSecrets`: with its secret and seed (see `revealedFrom`). */
export async function requireDraw(models: Models, drawNo: string, withSecrets = false): Promise<StoredDraw> {
  const draw = await (withSecrets ? loadWithSecrets : loadDraw)(models, drawNo);
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  return draw;
}

/** A draw's transitions and the state they make (the truth; `draws.status` may lag after a crash). */
export async function transitions(models: Models, drawNo: string) {
  const [submit, decide, dispatched] = await Promise.all(
    (['submit', 'decide', 'dispatched'] as const).map(async (slot) => {
      const r = await receiptOf(models, receiptKey(drawNo, slot));
      return (r?.result as Transition | undefined) ?? null;
    }),
  );
  const status: DrawStatus = dispatched
    ? 'dispatched'
    : decide
      ? decide.to
      : submit
        ? 'submitted'
        : 'proposed';
  return { status, submit, decide, dispatched };
}

export type Transitions = Awaited<ReturnType<typeof transitions>>;

export async function drawStatus(models: Models, drawNo: string): Promise<DrawStatus> {
  return (await transitions(models, drawNo)).status;
}

/** Refuses an action the draw's state does not allow, saying who decided it and when. */
export async function expectStatus(models: Models, drawNo: string, allowed: DrawStatus[], what: string) {
  const { status, decide } = await transitions(models, drawNo);
  if (allowed.includes(status)) return status;
  const by = decide
    ? `（${(await namesOf(models, [decide.actor]))(decide.actor)} 于 ${shanghaiDate(new Date(decide.at))}）`
    : '';
  throw new DomainError('BAD_STATE', `抽取 ${drawNo} ${STATUS_LABELS[status]}${by}，不能${what}`, {
    status,
  });
}

/** What the cards, the public page and the commands show of a draw; never a secret before it is revealed. */
export interface DrawSummary {
  drawNo: string;
  year: number;
  itemCode: string;
  itemName: string;
  round: number;
  attempt: number;
  status: DrawStatus;
  algorithm: string;
  poolSize: number;
  /** How many targets the plan draws (DRAW-1: drew). */
  count: number;
  strata: Stratum[];
  notes: string[];
  /** SHA-256 of the server's secret (DRAW-1: of the seed), published with the proposal. */
  seedCommitment: string;
  /** DRAW-2: what the proposal binds; null for DRAW-1. */
  commitment: string | null;
  hashes: { pool: string; officers: string; inputs: string; recusals?: string };
  deadline: string;
  /** Drawn after the round's draw-by date (逾期抽取). */
  late: boolean;
  proposedBy: string;
  proposedAt: Date;
  /** Why the attempt could not be drawn (its plan, or the recusal check), or null. */
  failure: string | null;
}

/** The stored plan of a DRAW-2 draw (null for DRAW-1). */
export const storedPlan = (draw: Pick<StoredDraw, 'plan'>) =>
  draw.plan as { ok: true; strata: Stratum[]; notes: DrawNote[] } | { ok: false; reason: DrawReason } | null;

export async function summarise(models: Models, draw: StoredDraw): Promise<DrawSummary> {
  return summaryOf(draw, await transitions(models, draw.drawNo));
}

/** The summary of a draw already read with its transitions. */
export function summaryOf(draw: StoredDraw, { status, decide }: Transitions): DrawSummary {
  const plan = storedPlan(draw);
  return {
    drawNo: draw.drawNo,
    year: draw.year,
    itemCode: draw.itemCode,
    itemName: draw.itemName,
    round: draw.round,
    attempt: draw.attempt,
    status,
    algorithm: draw.algorithmVersion,
    poolSize: draw.poolSize,
    count: draw.count,
    strata: plan ? (plan.ok ? plan.strata : []) : storedStrata(draw),
    notes: [
      ...(plan ? (plan.ok ? plan.notes.map(noteText) : []) : draw.notes),
      ...(draw.excluded?.length
        ? [exclusionNote(draw.excluded as { name: string; reason: Disqualification }[])]
        : []),
    ],
    seedCommitment: draw.seedCommitment,
    commitment: draw.commitment ?? null,
    hashes: {
      pool: draw.hashes!.pool!,
      officers: draw.hashes!.officers!,
      inputs: draw.hashes!.inputs!,
      ...(draw.hashes!.recusals ? { recusals: draw.hashes!.recusals } : {}),
    },
    deadline: draw.deadline,
    late: draw.late ?? false,
    proposedBy: draw.proposedBy,
    proposedAt: draw.createdAt,
    failure:
      plan && !plan.ok ? reasonText(plan.reason) : status === 'failed' ? (decide?.reason ?? null) : null,
  };
}

/** DRAW-1's stored strata with mongoose's optional subdocument fields made whole (required on write). */
const storedStrata = (draw: Pick<StoredDraw, 'strata'>): Stratum[] =>
  draw.strata.map((s) => ({
    stratum: s.stratum as Stratum['stratum'],
    size: s.size!,
    bp: s.bp!,
    count: s.count!,
  }));

/** What of a draw's randomness is public now. DRAW-1: the seed once decided. DRAW-2: the secret once the attempt ended or was approved; the phrase and seed once approved. */
export interface Revealed {
  secret: string | null;
  phrase: string | null;
  seed: string | null;
}

export async function revealedOf(models: Models, drawNo: string): Promise<Revealed> {
  const t = await transitions(models, drawNo);
  if (!REVEALED.includes(t.status)) return NOTHING_REVEALED;
  const draw = await loadWithSecrets(models, drawNo);
  return draw ? revealedFrom(draw, t) : NOTHING_REVEALED;
}

const NOTHING_REVEALED: Revealed = { secret: null, phrase: null, seed: null };

/** What of a draw read with its secrets (`loadWithSecrets`) its transitions make public. */
export function revealedFrom(
  draw: Pick<StoredDraw, 'algorithmVersion' | 'secret' | 'seed' | 'commitment'>,
  { status, decide }: Transitions,
): Revealed {
  const none = NOTHING_REVEALED;
  if (!REVEALED.includes(status)) return none;
  if (draw.algorithmVersion === 'DRAW-1') return { ...none, seed: draw.seed ?? null };
  const secret = draw.secret ?? null;
  const phrase = (status === 'approved' || status === 'dispatched') && decide?.phrase ? decide.phrase : null;
  return {
    secret,
    phrase,
    seed: secret && phrase && draw.commitment ? seedOf(secret, draw.commitment, phrase) : null,
  };
}
