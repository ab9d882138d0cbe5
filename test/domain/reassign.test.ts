import { sha256Hex } from '../../src/domain/draw/canonical';
import {
  pickReplacement,
  reassignCommitment,
  reassignProblem,
  reassignSeed,
  type ReassignInputs,
  type ReassignRecord,
} from '../../src/domain/draw/reassign';
import { seedOf } from '../../src/domain/draw/v2/protocol';

const SECRET = 'ab'.repeat(32);
const inputs: ReassignInputs = {
  taskNo: 'CC2026-03-R1-01-0007',
  replaced: 'badge:41038010004',
  reason: 'UNAVAILABLE',
  date: '2026-12-03',
  deadline: '2026-12-30',
  candidates: ['badge:41038010002', 'badge:41038010005', 'badge:41038010009', 'badge:41038010012'],
};

function decided(phrase = '雪后初晴'): ReassignRecord {
  const secretCommitment = sha256Hex(Buffer.from(SECRET, 'hex'));
  const commitment = reassignCommitment(inputs, secretCommitment);
  const seed = reassignSeed(SECRET, commitment, phrase);
  return {
    inputs,
    secretCommitment,
    commitment,
    secret: SECRET,
    phrase,
    seed,
    picked: pickReplacement(seed, inputs),
  };
}

describe('REASSIGN-1: replacing one inspector of a dispatched task', () => {
  it('picks a candidate reproducibly from what is published, and checks', () => {
    const r = decided();
    expect(inputs.candidates).toContain(r.picked);
    expect(pickReplacement(r.seed, inputs)).toBe(r.picked);
    expect(reassignProblem(r)).toBeNull();
    // Its own seed tag: never the seed a draw would derive from the same secret, commitment and phrase.
    expect(r.seed).not.toBe(seedOf(SECRET, r.commitment, r.phrase));
  });

  it('lets neither side aim: phrases spread the pick over every candidate', () => {
    const picks = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const p = decided(`随机码${i}`).picked;
      picks.set(p, (picks.get(p) ?? 0) + 1);
    }
    expect([...picks.keys()].sort()).toEqual(inputs.candidates);
    for (const n of picks.values()) expect(n).toBeGreaterThan(60); // 100 expected each
  });

  it('detects every altered link of a published record', () => {
    const r = decided();
    const other = inputs.candidates.find((k) => k !== r.picked)!;
    const cases: [Partial<ReassignRecord>, string][] = [
      [{ picked: other }, '替换人员不是随机种子选中的那一位'],
      [{ phrase: '另一个随机码' }, '随机种子不能由系统密钥与随机码得出'],
      [{ secret: 'cd'.repeat(32) }, '系统密钥与其承诺值不符'],
      [{ inputs: { ...inputs, candidates: inputs.candidates.slice(1) } }, '承诺值与公布的输入不符'],
      [{ inputs: { ...inputs, candidates: [...inputs.candidates].reverse() } }, '候选人未按编号严格递增排列'],
      [
        { inputs: { ...inputs, candidates: [inputs.replaced, ...inputs.candidates].sort() } },
        '被替换的检查人员出现在候选人中',
      ],
    ];
    for (const [change, problem] of cases) expect(reassignProblem({ ...r, ...change })).toBe(problem);
  });

  it('refuses to pick from nobody', () => {
    expect(() => pickReplacement('00'.repeat(32), { taskNo: inputs.taskNo, candidates: [] })).toThrow(
      RangeError,
    );
  });
});
