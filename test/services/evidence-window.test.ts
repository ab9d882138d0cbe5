import { EVIDENCE_WINDOW_MINUTES } from '../../src/domain/evidence';
import { keepAlive, keepIntent, pendingEvidenceTask } from '../../src/services/evidence';
import { useTestDb } from '../helpers/services';
import { storeTasks, type TaskFixture } from '../helpers/stored-tasks';

const T0 = new Date('2026-11-26T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const task = (taskNo: string): TaskFixture => ({
  taskNo,
  year: 2026,
  itemCode: 'hotels',
  itemName: '旅馆业',
  round: 1,
  unitName: '治安大队',
  deadline: '2026-12-20',
  dispatchedOn: '2026-11-20',
  targetCreditCode: `91410381MA${taskNo.slice(-4)}XXXX`,
  targetName: `宾馆${taskNo.slice(-4)}`,
  inspectorKeys: ['badge:1'],
  status: 'open',
});

describe('where a person’s next files go (上传现场材料), on FerretDB', () => {
  const db = useTestDb();
  const A = 'CC2026-01-R1-01-0001';
  const B = 'CC2026-01-R1-01-0002';
  beforeAll(() => storeTasks(db().models, [task(A), task(B)]));

  it('keeps the window open from each file attached, and never puts back a task the person has left', async () => {
    const { models } = db();
    const who = 'badge:1';
    await keepIntent(models, who, A, T0);
    const end = EVIDENCE_WINDOW_MINUTES;
    expect(await pendingEvidenceTask(models, who, minutes(end - 1))).toBe(A);
    expect(await pendingEvidenceTask(models, who, minutes(end))).toBeNull();
    // A file attached at +100 min keeps it open 120 min from then.
    await keepAlive(models, who, A, minutes(100));
    expect(await pendingEvidenceTask(models, who, minutes(100 + end - 1))).toBe(A);
    expect(await pendingEvidenceTask(models, who, minutes(100 + end))).toBeNull();

    // The person turns to task B while a job still attaches a file of A's: it keeps A's window, not B's
    // place, whichever is written last.
    await Promise.all([keepIntent(models, who, B, minutes(110)), keepAlive(models, who, A, minutes(110))]);
    await keepAlive(models, who, A, minutes(111));
    expect(await pendingEvidenceTask(models, who, minutes(112))).toBe(B);
    expect(await pendingEvidenceTask(models, who, minutes(110 + end))).toBeNull();
    // Back to A: its own click's window, and A's files' windows count again.
    await keepIntent(models, who, A, minutes(112));
    expect(await pendingEvidenceTask(models, who, minutes(112 + end - 1))).toBe(A);
  });
});
