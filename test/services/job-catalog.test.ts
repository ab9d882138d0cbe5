import { JOBS, isJobName, jobId, jobLabel, type JobRequest } from '../../src/services/job-catalog';
import { PROCESSORS } from '../../jobs/processors';

describe('job catalog', () => {
  it('builds each id in one place, as the jobs have always been named', () => {
    const ids = (
      [
        { name: 'dispatch', data: { drawNo: 'CC2026-03-R1-01' } },
        { name: 'send-approval', data: { drawNo: 'CC2026-03-R1-01' } },
        { name: 'send-approval', data: { drawNo: 'CC2026-03-R1-01' }, once: 'handover-2026-11-30' },
        { name: 'send-review', data: { taskNo: 'T1' }, once: '2' },
        { name: 'refresh-draw', data: { drawNo: 'CC2026-03-R1-01', skip: 'om_1' }, once: 'approved' },
        { name: 'refresh-task', data: { taskNo: 'T1' }, once: 'reported-0' },
        { name: 'schedule', data: { day: '2026-12-01' } },
        {
          name: 'import-pool',
          data: { messageId: 'om_9', fileKey: 'f', fileName: 'a.xlsx', chatId: 'oc', actor: 'a' },
        },
        { name: 'send-plan-cards', data: { id: '2027-1' } },
        { name: 'refresh-plan', data: { id: '2027-1' }, once: 'c-token' },
      ] as JobRequest[]
    ).map(jobId);
    expect(ids).toEqual([
      'dispatch-CC2026-03-R1-01',
      'approval-CC2026-03-R1-01',
      'approval-CC2026-03-R1-01-handover-2026-11-30',
      'review-T1-2',
      'refresh-draw-CC2026-03-R1-01-approved',
      'refresh-task-T1-reported-0',
      'schedule-2026-12-01',
      'import-om_9',
      'send-plan-cards-2027-1',
      'refresh-plan-2027-1-c-token',
    ]);
  });

  it("refuses an id BullMQ would misread (':' separates its keys)", () => {
    expect(() => jobId({ name: 'dispatch', data: { drawNo: 'a:b' } })).toThrow("job id with ':'");
  });

  it('checks payloads: a missing or oversized field, an unknown send kind', () => {
    expect(JOBS.dispatch.data.safeParse({}).success).toBe(false);
    expect(JOBS.dispatch.data.safeParse({ drawNo: 'x'.repeat(129) }).success).toBe(false);
    expect(JOBS.schedule.data.safeParse({ day: '2026-12-1' }).success).toBe(false);
    expect(JOBS['schedule-send'].data.safeParse({ id: 'r-1', kind: 'no-such-kind' }).success).toBe(false);
    expect(
      JOBS['schedule-send'].data.safeParse({ id: 'r-1', kind: 'summary', month: '2026-11' }).success,
    ).toBe(true);
    expect(
      JOBS.send.data.safeParse({ id: 'n', kind: 'task', subject: 'T1', to: { nobody: 1 } }).success,
    ).toBe(false);
  });

  it('has a processor and a label for every job, and nothing else', () => {
    expect(Object.keys(PROCESSORS).sort()).toEqual(Object.keys(JOBS).sort());
    for (const name of Object.keys(JOBS)) expect(jobLabel(name)).not.toBe(name);
    expect(jobLabel('no-such-job')).toBe('no-such-job');
    expect(isJobName('toString')).toBe(false);
  });
});
