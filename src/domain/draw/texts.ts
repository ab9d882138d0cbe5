/**
 * The fixed catalogue of a draw's notes and refusal reasons: a code with its parameters is what a
 * record publishes (DRAW-2), and the Chinese text is made from it here — one template per code,
 * listed in docs/draw-algorithm.md §5.4, so that an outside implementation renders the same words.
 * DRAW-1 published the rendered text itself; its strings come from these same templates.
 */

/** A stratum: a credit level, or the whole pool when not stratified. */
export type StratumName = 'A' | 'B' | 'C' | 'D' | '全部';

/** What a plan says about targets left out or let in (in the order they arise: see the spec). */
export type DrawNote =
  /** Targets not open (suspended or closed) are not drawn. */
  | { code: 'NOT_OPEN_EXCLUDED'; count: number }
  /** A stratum had enough targets not inspected within the window: the recent ones wait. */
  | { code: 'RECENT_SKIPPED'; stratum: StratumName; count: number; days: number }
  /** A stratum had too few: the longest-ago recent ones make up the count. */
  | { code: 'RECENT_INCLUDED'; stratum: StratumName; count: number; days: number };

/** Why a draw cannot be made. */
export type DrawReason =
  | { code: 'NO_OPEN_TARGETS'; poolSize: number }
  /** `unit` is null when officers of every unit may be matched. */
  | { code: 'TOO_FEW_OFFICERS'; unit: string | null; available: number; needed: number }
  | { code: 'RECUSAL_TOO_MANY'; creditCode: string; name: string; available: number; needed: number }
  /** DRAW-2's check before proposing (private: the conflicts are not published): targets that could not be staffed. */
  | { code: 'RECUSAL_PRECHECK'; count: number; needed: number }
  // DRAW-1 only: DRAW-2 refuses such inputs as malformed records before drawing.
  | { code: 'UNSUPPORTED_ALGORITHM'; algorithm: string }
  | { code: 'RANGE_NEEDS_STRATA' }
  | { code: 'TOO_FEW_PER_TASK' }
  | { code: 'DUPLICATE_CREDIT_CODE' };

const levelLabel = (stratum: string) => (stratum === '全部' ? '' : `${stratum} 级：`);

/** A note in Chinese, e.g. "B 级：3 户在 180 天内已检查过，本次不再抽取". */
export function noteText(n: DrawNote): string {
  switch (n.code) {
    case 'NOT_OPEN_EXCLUDED':
      return `${n.count} 户停业或注销，不参与抽取`;
    case 'RECENT_SKIPPED':
      return `${levelLabel(n.stratum)}${n.count} 户在 ${n.days} 天内已检查过，本次不再抽取`;
    case 'RECENT_INCLUDED':
      return `${levelLabel(n.stratum)}对象不足，已纳入 ${n.count} 户 ${n.days} 天内检查过的对象（检查时间最早者优先）`;
  }
}

/** A refusal in Chinese, specific enough to act on. */
export function reasonText(r: DrawReason): string {
  switch (r.code) {
    case 'NO_OPEN_TARGETS':
      return `检查对象名录库中没有正常经营的对象（共 ${r.poolSize} 户），无法抽取`;
    case 'TOO_FEW_OFFICERS':
      return `${r.unit ?? ''}可参加本事项检查的在岗执法人员只有 ${r.available} 人，每个任务至少需要 ${r.needed} 人`;
    case 'RECUSAL_TOO_MANY':
      return `“${r.name}”（${r.creditCode}）需回避的人员过多：可派的执法人员只有 ${r.available} 人，至少需要 ${r.needed} 人`;
    case 'RECUSAL_PRECHECK':
      return `有 ${r.count} 户检查对象需回避的执法人员过多，抽中后可派人员将不足 ${r.needed} 人；请调整执法人员名录（例如允许跨单位选派）后再抽取`;
    case 'UNSUPPORTED_ALGORITHM':
      return `不支持的抽取算法版本 ${r.algorithm}`;
    case 'RANGE_NEEDS_STRATA':
      return '比例为区间时必须按信用等级分层抽取';
    case 'TOO_FEW_PER_TASK':
      return '每个检查任务的执法人员不得少于两人';
    case 'DUPLICATE_CREDIT_CODE':
      return '检查对象名录中有重复的统一社会信用代码，请先修正名录';
  }
}
