import { readPlanTemplate } from '../../src/adapters/plan-file';
import { verifyAudit } from '../../src/services/audit-read';
import { seedPlan } from '../../src/services/seed-plan';
import { useTestDb } from '../helpers/services';

describe('seeding the reference plan into the database', () => {
  const db = useTestDb();
  const template = readPlanTemplate();

  it('stores the six items with every list column, section 四 and the derived year plan', async () => {
    const { models } = db();
    await seedPlan(models, template, [2026], 'test:seed', new Date('2026-11-26T02:00:00Z'));
    const items = await models.Item.find({}).sort({ seq: 1 }).lean();
    expect(
      items.map((i) => [
        i.seq,
        i.code,
        i.name,
        i.ratioText,
        i.frequencyPerYear,
        i.section.leader,
        i.section.unit,
        i.section.responsiblePerson,
      ]),
    ).toEqual([
      [1, 'precursor-chemicals', '对易制毒化学品从业单位的检查', '30%', 1, '焦柳扬', '禁毒大队', '郭继涛'],
      [2, 'civil-explosives', '民用爆炸物品安全管理', '100%', 2, '赵晓辉', '治安大队', '彭世杰'],
      [3, 'hotels', '旅馆业', '10%', 1, '赵晓辉', '治安大队', '彭世杰'],
      [4, 'entertainment', '娱乐场所', '50%', 1, '赵晓辉', '治安大队', '彭世杰'],
      [5, 'seal-engraving', '公章刻制业', '50%', 1, '赵晓辉', '治安大队', '彭世杰'],
      [6, 'scrap-metal', '废旧金属收购业', '30%', 1, '赵晓辉', '治安大队', '彭世杰'],
    ]);
    expect(items[1]).toMatchObject({
      department: '洛阳市公安局偃师分局',
      basis: '《民用爆炸物品安全管理条例》、《河南省公安机关民用爆炸物品治安检查工作规范（试行）》',
      inspectingBody: '公安机关治安部门',
      category: 'combined',
      targetType: '涉爆从业单位',
      remark: '',
      methods: ['现场检查', '书面检查'],
      createdBy: 'test:seed',
      updatedBy: 'test:seed',
    });
    const plan = await models.AnnualPlan.findOne({ year: 2026 }).lean();
    expect(plan!.items.find((i) => i.itemCode === 'civil-explosives')!.rounds).toEqual([
      { round: 1, drawBy: '2026-06-30', deadline: '2026-06-30' },
      { round: 2, drawBy: '2026-12-30', deadline: '2026-12-30' },
    ]);
    expect(plan!.discrepancies).toHaveLength(3);
    expect((await models.Person.find({}).lean()).map((p) => p.name).sort()).toEqual(
      ['史永生', '彭世杰', '李良', '焦柳扬', '赵晓辉', '郭继涛', '陶向东'].sort(),
    );
    expect((await models.Unit.find({}).lean()).map((u) => u.name).sort()).toEqual(
      ['局领导', '治安大队', '禁毒大队', '警令部'].sort(),
    );
  });

  it('is safe to re-run and to run from several replicas at once', async () => {
    const { models } = db();
    await Promise.all(
      [1, 2, 3].map(() =>
        seedPlan(models, template, [2026, 2027], 'test:replica', new Date('2026-11-26T02:00:00Z')),
      ),
    );
    expect(await models.Item.countDocuments()).toBe(6);
    expect(await models.Person.countDocuments()).toBe(7);
    expect(await models.Unit.countDocuments()).toBe(4);
    expect((await models.AnnualPlan.find({}).lean()).map((p) => p.year).sort()).toEqual([2026, 2027]);
    expect(await models.Item.findOne({ code: 'hotels' }).lean()).toMatchObject({
      createdBy: 'test:seed',
      updatedBy: 'test:replica',
    });
    // Each year's plan is recorded (one approved version) and logged once, however many replicas loaded it.
    const logged = await models.AuditEntry.find({ action: 'plan.recorded' }).sort({ seq: 1 }).lean();
    expect(logged.map((e) => e.subject).sort()).toEqual(['plan:2026-1', 'plan:2027-1']);
    expect(
      (await models.PlanVersion.find({}).lean()).map((v) => [v._id, v.status, v.docNumber]).sort(),
    ).toEqual([
      ['2026-1', 'approved', '偃公通〔2023〕40号'],
      ['2027-1', 'approved', '偃公通〔2023〕40号'],
    ]);
    expect(await verifyAudit(models)).toMatchObject({ problems: [] });
  });
});
