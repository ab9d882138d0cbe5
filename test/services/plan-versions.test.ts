import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { loadDemoData } from '../../src/demo/load-demo';
import type { PlanTemplate } from '../../src/domain/plan-template';
import { approvePlan, submitPlan } from '../../src/services/plan-decide';
import { requireVersion } from '../../src/services/plan-store';
import { DEMO_NOW } from '../helpers/demo-bot';
import { useTestDb } from '../helpers/services';

/** The template with its first item's frequency text changed: another version of the plan. */
function variant(n: number): PlanTemplate {
  const t = readPlanTemplate();
  const [first, ...rest] = t.items;
  return { ...t, items: [{ ...first!, frequencyText: `1年${n}次` }, ...rest] };
}

describe('plan versions of one year written at once, on FerretDB', () => {
  const db = useTestDb();
  beforeAll(() => loadDemoData(db().models, mkdtempSync(join(tmpdir(), 'plan-v-')), 2026, DEMO_NOW));
  const submit = (n: number) =>
    submitPlan(db().models, {
      year: 2027,
      template: variant(n),
      fileName: `2027-${n}.xlsx`,
      actor: 'name:陶向东',
      now: DEMO_NOW,
    });
  const approve = (id: string) =>
    approvePlan(db().models, {
      id,
      actor: 'name:焦柳扬',
      now: DEMO_NOW,
      docNumber: '偃公通〔2027〕1号',
      effectiveOn: '2027-01-01',
    });

  it('supersedes a pending version by a newer upload, and then refuses to approve it', async () => {
    const first = (await submit(1)).version;
    const second = await submit(2);
    expect(second.superseded).toEqual([first._id]);
    expect((await requireVersion(db().models, first._id)).status).toBe('superseded');
    await expect(approve(first._id)).rejects.toMatchObject({ code: 'PLAN_DECIDED' });
  });

  it('either approves a version or supersedes it when its approval and a newer upload come at once, never both', async () => {
    const { models } = db();
    for (const n of [3, 4, 5]) {
      const pending = (await submit(n)).version;
      const [approved, upload] = await Promise.allSettled([approve(pending._id), submit(n * 10)]);
      if (upload.status === 'rejected') throw upload.reason;
      const after = await requireVersion(models, pending._id);
      const audited = await models.AuditEntry.countDocuments({
        action: 'plan.approved',
        subject: `plan:${pending._id}`,
      });
      if (approved.status === 'fulfilled') {
        expect(after.status).toBe('approved');
        expect(upload.value.superseded).not.toContain(pending._id);
        expect(audited).toBe(1);
      } else {
        expect(approved.reason).toMatchObject({ code: 'PLAN_DECIDED' });
        expect(after.status).toBe('superseded');
        expect(upload.value.superseded).toContain(pending._id);
        expect(audited).toBe(0);
      }
    }
  });
});
