import {
  DEFAULT_EVALUATION,
  describeFormula,
  evaluate,
  evaluationConfigSchema,
  roundScore,
  scoreUnit,
  type EvaluationPublication,
  type EvaluationReport,
  type EvaluationTask,
} from '../../src/domain/evaluation';

/**
 * A hand-computed fixture: every expected number below was counted by hand from the rows, with the
 * reasoning beside it; nothing here is computed by the code under test. As of Thu 2026-11-26.
 * Calendar facts used (State Council notice for 2026): 1–7 Oct off (国庆、中秋), Sat 10 Oct a make-up
 * working day; no holiday between mid-October and the end of November.
 */
const AS_OF = '2026-11-26';

const task = (
  taskNo: string,
  unitName: string,
  deadline: string,
  status: EvaluationTask['status'],
  returnCount = 0,
  year = 2026,
): EvaluationTask => ({ taskNo, year, unitName, deadline, status, returnCount });
const report = (taskNo: string, inspectedOn: string, review = 'pending'): EvaluationReport => ({
  taskNo,
  inspectedOn,
  review: { status: review },
});
const publication = (
  unitName: string,
  status: 'pending' | 'published',
  dueBy: string,
  publishedOn: string | null,
  kind = 'result',
): EvaluationPublication => ({ kind, year: 2026, unitName, status, dueBy, publishedOn });

const tasks: EvaluationTask[] = [
  // 治安大队
  task('A1', '治安大队', '2026-10-30', 'accepted'), // inspected 10-20: completed, on time
  task('A2', '治安大队', '2026-09-30', 'accepted', 1), // inspected Sat 10-10: late by 10-08, 10-09, 10-10 = 3 wd
  task('A3', '治安大队', '2026-11-20', 'open'), // Fri 11-20 → 11-23, 24, 25, 26 = 4 wd overdue to asOf
  task('A4', '治安大队', '2026-12-30', 'returned', 2), // sent back twice, deadline ahead: not due, not overdue
  task('A5', '治安大队', '2026-11-25', 'reported'), // filed 11-24 on time, awaiting review: due, not completed
  task('A6', '治安大队', '2025-12-30', 'open', 3, 2025), // another year: ignored entirely
  // 禁毒大队
  task('B1', '禁毒大队', '2026-11-30', 'accepted'), // accepted early: due and on time
  task('B2', '禁毒大队', '2026-11-30', 'open'), // deadline ahead: assigned only
  task('B3', '禁毒大队', '2026-10-16', 'open'), // Fri 10-16 → 10-19…11-26: 5+5+5+5+5+4 = 29 wd
  task('B4', '禁毒大队', '2026-10-16', 'returned', 6), // sent back 6 times, not refiled: 29 wd, 6 returns
  // 巡特警大队: one task, not due yet
  task('C1', '巡特警大队', '2026-12-30', 'open'),
];
const reports: EvaluationReport[] = [
  report('A1', '2026-10-20', 'accepted'),
  report('A2', '2026-10-10', 'accepted'),
  report('A4', '2026-11-10', 'returned'),
  report('A5', '2026-11-24'),
  report('B1', '2026-11-02', 'accepted'),
  report('B4', '2026-10-15', 'returned'), // inspected in time, but sent back: the task is not done
  report('Z9', '2026-01-01', 'accepted'), // no such task: ignored
];
const publications: EvaluationPublication[] = [
  publication('治安大队', 'published', '2026-11-10', '2026-11-05'), // on time
  publication('治安大队', 'published', '2026-11-10', '2026-11-12'), // late
  publication('治安大队', 'pending', '2026-11-20', null), // pending past its 公示期限: due, late
  publication('治安大队', 'pending', '2026-12-20', null), // not due yet: not counted
  publication('治安大队', 'published', '2026-11-26', '2026-11-26'), // on its last day: on time
  publication('治安大队', 'published', '2026-11-10', '2026-11-30', 'draw'), // not a result: not counted
  { ...publication('治安大队', 'pending', '2025-12-01', null), year: 2025 }, // another year
  publication('户政大队', 'published', '2026-09-30', '2026-09-29'), // a unit with 公示 only
];

describe('考评: per unit figures and score (hand-computed)', () => {
  // The plan's rounds: 治安大队 drew one late and missed one (its draw-by date passed); one is not due yet;
  // one past its date was waived by the leader (neither missed nor late).
  const rounds = [
    { unitName: '治安大队', drawBy: '2026-06-30', drawnLate: true },
    { unitName: '治安大队', drawBy: '2026-11-05', drawnLate: null },
    { unitName: '治安大队', drawBy: '2026-12-30', drawnLate: null },
    { unitName: '治安大队', drawBy: '2026-03-31', drawnLate: false },
    { unitName: '治安大队', drawBy: '2026-09-30', drawnLate: null, waived: true },
  ];
  const result = evaluate({ year: 2026, asOf: AS_OF, tasks, reports, publications, rounds });

  it('counts each unit’s tasks, lateness in working days, returns and 公示', () => {
    const zhian = result.units.find((u) => u.unitName === '治安大队');
    expect(zhian).toEqual({
      unitName: '治安大队',
      assigned: 5, // A1–A5 (A6 is 2025's)
      due: 4, // A1, A2 completed; A3, A5 deadline before 11-26; A4 is due 12-30
      completed: 2, // A1, A2 accepted
      onTime: 1, // A1 (A2 was inspected after its deadline)
      overdue: 2, // A2 (late), A3 (open past its deadline)
      overdueWorkdays: 7, // A2: 3, A3: 4
      returned: 3, // A2 once, A4 twice
      publicationsDue: 4, // published ×3 (results, 2026) + the pending one past 11-20
      publicationsOnTime: 2, // 11-05 ≤ 11-10, 11-26 ≤ 11-26
      drawsLate: 1, // the round due 06-30, drawn late (shown, not scored)
      roundsMissed: 1, // the round due 11-05, undrawn at 11-26; the 12-30 one is not due yet
      roundsWaived: 1, // the round due 09-30
      objections: 0,
      corrected: 0,
      rates: { completion: 0.5, onTime: 0.25, publication: 0.5 }, // 2/4, 1/4, 2/4
      penalties: { returned: 6, overdue: 3.5, corrected: 0 }, // 2 × 3, 0.5 × 7
      // 40 × 0.5 + 30 × 0.25 + 30 × 0.5 = 20 + 7.5 + 15 = 42.5; − 6 − 3.5 = 33
      score: 33,
    });

    const jindu = result.units.find((u) => u.unitName === '禁毒大队');
    expect(jindu).toEqual({
      unitName: '禁毒大队',
      assigned: 4,
      due: 3, // B1 (completed), B3, B4 (deadline 10-16)
      completed: 1,
      onTime: 1,
      overdue: 2, // B3 open, B4 sent back: neither done by 10-16
      overdueWorkdays: 58, // 29 + 29
      returned: 6,
      publicationsDue: 0,
      publicationsOnTime: 0,
      drawsLate: 0,
      roundsMissed: 0,
      roundsWaived: 0,
      objections: 0,
      corrected: 0,
      rates: { completion: 1 / 3, onTime: 1 / 3, publication: null },
      penalties: { returned: 10, overdue: 20, corrected: 0 }, // 2 × 6 = 12 capped at 10; 0.5 × 58 = 29 capped at 20
      // 40/3 + 30/3 + 30 × 1 (no 公示 due: full credit) = 13.33 + 10 + 30 = 53.33; − 10 − 20 = 23.33
      score: 23.3,
    });
  });

  it('gives full credit where nothing is due yet, and lists a unit with 公示 only', () => {
    expect(result.units.find((u) => u.unitName === '巡特警大队')).toMatchObject({
      assigned: 1,
      due: 0,
      overdue: 0,
      rates: { completion: null, onTime: null, publication: null },
      score: 100, // 40 + 30 + 30, nothing off
    });
    expect(result.units.find((u) => u.unitName === '户政大队')).toMatchObject({
      assigned: 0,
      publicationsDue: 1,
      publicationsOnTime: 1,
      drawsLate: 0,
      roundsMissed: 0,
      roundsWaived: 0,
      rates: { completion: null, onTime: null, publication: 1 },
      score: 100,
    });
  });

  it('counts objections and corrections, a correction costing 2 points up to 10 (hand-computed)', () => {
    // 巡特警大队 scored 100 with nothing to fault; now 3 objections of 2026 (2 corrected, 1 upheld), one
    // of 2025 (ignored) and 6 corrected for 户政大队 (12 points, capped at 10).
    const withObjections = evaluate({
      year: 2026,
      asOf: AS_OF,
      tasks: [task('T9', '巡特警大队', '2026-12-30', 'open')],
      reports: [],
      publications: [],
      objections: [
        { unitName: '巡特警大队', year: 2026, status: 'corrected' },
        { unitName: '巡特警大队', year: 2026, status: 'upheld' },
        { unitName: '巡特警大队', year: 2026, status: 'corrected' },
        { unitName: '巡特警大队', year: 2025, status: 'corrected' },
        ...Array.from({ length: 6 }, () => ({ unitName: '户政大队', year: 2026, status: 'corrected' })),
      ],
    });
    expect(
      withObjections.units.map((u) => [
        u.unitName,
        u.objections,
        u.corrected,
        u.penalties.corrected,
        u.score,
      ]),
    ).toEqual([
      // 100 − 2 × 2 = 96
      ['巡特警大队', 3, 2, 4, 96],
      // 100 − min(10, 2 × 6) = 90
      ['户政大队', 6, 6, 10, 90],
    ]);
  });

  it('sorts by score, then by the unit’s name in pinyin order', () => {
    // 户 (hù) before 巡 (xún) at 100; then 33 and 23.3.
    expect(result.units.map((u) => [u.unitName, u.score])).toEqual([
      ['户政大队', 100],
      ['巡特警大队', 100],
      ['治安大队', 33],
      ['禁毒大队', 23.3],
    ]);
    expect(result).toMatchObject({ year: 2026, asOf: AS_OF, config: DEFAULT_EVALUATION });
  });

  it('takes its weights, penalties, counted 公示 kinds and empty-rate credit from the config', () => {
    const config = evaluationConfigSchema.parse({
      weights: { completion: 50, onTime: 50, publication: 0 },
      returnPenalty: { per: 1, cap: 2 },
      overduePenalty: { per: 0.25, cap: 100 },
      correctionPenalty: { per: 0, cap: 0 },
      publicationKinds: ['result', 'draw'],
      emptyRate: 0,
    });
    const units = evaluate({ year: 2026, asOf: AS_OF, tasks, reports, publications }, config).units;
    expect(units.map((u) => [u.unitName, u.publicationsDue, u.score])).toEqual([
      // 50 × 0.5 + 50 × 0.25 = 37.5; − min(2, 3) − 0.25 × 7 = 37.5 − 2 − 1.75 = 33.75 → 33.8 (half up)
      // the draw 公示 now counts: published 11-30 after its 11-10 due date, so 5 due
      ['治安大队', 5, 33.8],
      // 50/3 + 50/3 = 33.33; − min(2, 6) − 0.25 × 58 = 33.33 − 2 − 14.5 = 16.83
      ['禁毒大队', 0, 16.8],
      // nothing due: the rates are credited 0 (户政大队's publication weight is 0)
      ['户政大队', 1, 0],
      ['巡特警大队', 0, 0],
    ]);
  });

  it('refuses a config whose weights do not add up to 100, or with a negative penalty', () => {
    const bad = evaluationConfigSchema.safeParse({
      ...DEFAULT_EVALUATION,
      weights: { completion: 40, onTime: 30, publication: 20 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('完成率、按期率、按期公示率三项权重之和应为 100');
    expect(
      evaluationConfigSchema.safeParse({ ...DEFAULT_EVALUATION, returnPenalty: { per: -1, cap: 10 } })
        .success,
    ).toBe(false);
    expect(evaluationConfigSchema.parse(DEFAULT_EVALUATION)).toEqual(DEFAULT_EVALUATION);
  });

  it('rounds to one decimal half up and keeps the score within 0–100', () => {
    expect([roundScore(33.75), roundScore(2.25), roundScore(16.8333), roundScore(1.005)]).toEqual([
      33.8, 2.3, 16.8, 1,
    ]);
    const zero = {
      assigned: 1,
      due: 1,
      completed: 0,
      onTime: 0,
      overdue: 1,
      overdueWorkdays: 100,
      returned: 0,
      publicationsDue: 1,
      publicationsOnTime: 0,
      drawsLate: 0,
      roundsMissed: 0,
      roundsWaived: 0,
      objections: 0,
      corrected: 0,
    };
    // 0 + 0 + 0 − 0 − 20 = −20: floored at 0
    expect(scoreUnit('某大队', zero).score).toBe(0);
  });

  it('says the formula in one line', () => {
    expect(describeFormula()).toBe(
      '得分 = 40×完成率 + 30×按期率 + 30×按期公示率 − 2×退回次数（最多扣 10）− 0.5×逾期工作日（最多扣 20）' +
        ' − 2×异议更正次数（最多扣 10）；' +
        '完成率、按期率以应完成任务为分母，分母为 0 时按 100% 计',
    );
  });
});
