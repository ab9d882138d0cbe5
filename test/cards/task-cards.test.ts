import { myTasksCard } from '../../cards/my-tasks-card';
import { progressCard } from '../../cards/progress-card';
import { reportFormCard } from '../../cards/report-form-card';
import { reviewCard } from '../../cards/review-card';
import { taskCard, type TaskCardView } from '../../cards/task-card';
import { unitTasksCard } from '../../cards/unit-tasks-card';
import { verifyCard } from '../../cards/verify-card';
import { validateCard } from '../../emulator/card-validator';

const task: TaskCardView = {
  taskNo: 'CC2026-04-R1-01-0001',
  drawNo: 'CC2026-04-R1-01',
  itemName: '娱乐场所',
  basis: '《娱乐场所管理条例》',
  methods: ['现场检查', '书面检查'],
  targetName: '偃师区欢乐歌城',
  targetCreditCode: '91410381MA00000001',
  targetAddress: '河南省洛阳市偃师区某路 1 号',
  deadline: '2026-12-30',
  unit: '治安大队',
  inspectors: ['王伟', '李娜'],
  status: 'open',
};
const report = {
  inspectedOn: '2026-11-26',
  method: '现场检查',
  result: '发现问题已责令改正',
  findings: '消防通道*堆放*杂物',
  followUp: '责令改正',
  rectification: '',
  by: '王伟',
};
const review = { by: '彭世杰', at: '2026-11-27 09:00', comment: '请补充整改说明' };
const evidence = [
  {
    id: 'ev-om_1',
    name: '现场照片-20261126-1000-ab12.jpg',
    kind: 'JPG 图片',
    size: '2.3 MB',
    sha256: 'a'.repeat(64),
    imageKey: 'img_v3_1',
  },
  {
    id: 'ev-om_2',
    name: '检查记录表.pdf',
    kind: 'PDF 文件',
    size: '512 KB',
    sha256: 'b'.repeat(64),
    imageKey: null,
  },
];
const actions = (card: unknown) => JSON.stringify(card).match(/"action":"[a-z.]+"/g) ?? [];

describe('task, report and review cards', () => {
  const variants = {
    open: taskCard(task),
    reported: taskCard({ ...task, status: 'reported', report }),
    returned: taskCard({ ...task, status: 'returned', report, review }),
    accepted: taskCard({ ...task, status: 'accepted', report, review: { ...review, comment: '' } }),
    form: reportFormCard({
      taskNo: task.taskNo,
      targetName: task.targetName,
      itemName: '娱乐场所',
      methods: task.methods,
      today: '2026-11-26',
    }),
    refileForm: reportFormCard({
      taskNo: task.taskNo,
      targetName: task.targetName,
      itemName: '娱乐场所',
      methods: task.methods,
      today: '2026-11-28',
      previous: {
        inspectedOn: '2026-11-26',
        method: '现场检查',
        resultCategory: '发现问题已责令改正',
        findings: '消防通道堆放杂物',
        followUp: '责令改正',
        rectification: '已当场清理',
      },
    }),
    required: taskCard({ ...task, evidenceRequired: true }),
    withEvidence: taskCard({ ...task, evidence, evidenceRequired: true }),
    reviewPending: reviewCard({ ...task, report, status: 'pending' }),
    reviewEvidence: reviewCard({ ...task, report, status: 'pending', evidence }),
    reviewReturned: reviewCard({ ...task, report, status: 'returned', review }),
    unit: unitTasksCard({
      drawNo: task.drawNo,
      itemName: '娱乐场所',
      unit: '治安大队',
      deadline: '2026-12-30',
      approvedBy: '赵晓辉',
      tasks: Array.from({ length: 52 }, (_, i) => ({
        taskNo: `T${i}`,
        targetName: `歌城${i}`,
        inspectors: ['王伟', '李娜'],
      })),
    }),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('offers reporting only while the task is open or returned, and review only while pending', () => {
    expect(actions(variants.open)).toEqual(['"action":"report.open"', '"action":"evidence.start"']);
    expect(actions(variants.returned)).toEqual(['"action":"report.open"', '"action":"evidence.start"']);
    expect(actions(variants.reported)).toEqual([]);
    expect(actions(variants.accepted)).toEqual([]);
    expect(actions(variants.form)).toEqual(['"action":"report.submit"']);
    // 重新填报 starts from the returned report: every field as it was filed.
    const refile = JSON.stringify(variants.refileForm);
    for (const v of [
      '"initial_date":"2026-11-26"',
      '"initial_option":"现场检查"',
      '"initial_option":"发现问题已责令改正"',
      '"initial_option":"责令改正"',
      '"default_value":"消防通道堆放杂物"',
      '"default_value":"已当场清理"',
    ])
      expect(refile).toContain(v);
    expect(JSON.stringify(variants.form)).not.toContain('initial_option');
    expect(actions(variants.reviewPending)).toEqual(['"action":"review.accept"', '"action":"review.return"']);
    expect(actions(variants.reviewReturned)).toEqual([]);
  });

  it('lists 现场材料: names on the task card, pictures and 查看原件 on the review card only', () => {
    expect(JSON.stringify(variants.required)).toContain('本事项要求上传现场材料');
    expect(JSON.stringify(variants.withEvidence)).not.toContain('本事项要求上传现场材料');
    expect(JSON.stringify(variants.withEvidence)).toContain(
      '**现场材料**（2 件）：现场照片-20261126-1000-ab12.jpg（2.3 MB）、检查记录表.pdf（512 KB）',
    );
    expect(JSON.stringify(variants.withEvidence)).not.toContain('img_v3_1');
    expect(actions(variants.reviewEvidence)).toEqual([
      '"action":"evidence.view"',
      '"action":"evidence.view"',
      '"action":"review.accept"',
      '"action":"review.return"',
    ]);
    const review = JSON.stringify(variants.reviewEvidence);
    expect(review).toContain('"img_key":"img_v3_1"');
    expect(review).toContain('2. 检查记录表.pdf（PDF 文件，512 KB）\\nSHA-256 bbbbbbbbbbbbbbbb…');
    expect(JSON.stringify(variants.reviewPending)).toContain('**现场材料**：未上传');
  });

  it('shows what inspectors typed as plain text, and a long task list in part', () => {
    expect(JSON.stringify(variants.reported)).toContain(
      '{"tag":"plain_text","content":"消防通道*堆放*杂物"}',
    );
    expect(JSON.stringify(variants.unit)).toContain('另有 2 个任务未列出');
    expect(JSON.stringify(variants.unit)).not.toContain('歌城50');
  });
});

describe('my tasks, progress and verification cards', () => {
  it('are valid in each variant', () => {
    const cards = [
      myTasksCard({ name: '王伟', tasks: [] }),
      myTasksCard({
        name: '王伟',
        tasks: [
          {
            taskNo: 'A',
            itemName: '娱乐场所',
            targetName: '歌城',
            deadline: '2026-11-20',
            status: 'returned',
            daysLeft: -6,
          },
          {
            taskNo: 'B',
            itemName: '旅馆业',
            targetName: '宾馆',
            deadline: '2026-12-30',
            status: 'reported',
            daysLeft: 34,
          },
        ],
      }),
      progressCard({
        year: 2026,
        today: '2026-11-26',
        items: [
          {
            itemCode: 'entertainment',
            itemName: '娱乐场所',
            unit: '治安大队',
            rounds: [{ round: 1, drawBy: '2026-12-30', deadline: '2026-12-30', drawNo: 'CC2026-04-R1-01' }],
            tasks: 12,
            accepted: 3,
            reported: 1,
            open: 8,
            overdue: 2,
          },
        ],
      }),
      ...[
        {
          verdict: { consistent: true as const, stage: 'proposed' as const },
          verdictText: '一致（待批准）：…',
        },
        { verdict: { consistent: true as const, stage: 'drawn' as const }, verdictText: '一致：…' },
        {
          verdict: { consistent: true as const, stage: 'drawn' as const },
          verdictText: '一致：…',
          reassignments: [
            { taskNo: 'CC2026-04-R1-01-0001', replaced: '王伟', picked: '李娜', problem: null },
            {
              taskNo: 'CC2026-04-R1-01-0002',
              replaced: '张强',
              picked: '赵敏',
              problem: '随机种子不能由系统密钥与随机码得出',
            },
          ],
        },
        {
          verdict: { consistent: false as const, difference: '结果不一致' },
          verdictText: '不一致：结果不一致',
        },
      ].map((x) =>
        verifyCard({
          drawNo: 'CC2026-04-R1-01',
          itemName: '娱乐场所',
          algorithm: 'DRAW-2',
          commitment: 'c'.repeat(64),
          poolHash: 'p'.repeat(64),
          poolSize: 24,
          count: 12,
          ...x,
        }),
      ),
    ];
    for (const c of cards) expect(validateCard(c)).toEqual([]);
    expect(cards).toMatchSnapshot();
    expect(JSON.stringify(cards[1])).toContain('已逾期 6 天');
    expect(cards.slice(3).map((c) => c.header.title.content)).toEqual([
      '验证一致（待批准）：CC2026-04-R1-01',
      '验证一致：CC2026-04-R1-01',
      '验证一致：CC2026-04-R1-01',
      '验证不一致：CC2026-04-R1-01',
    ]);
    // A 改派 is re-checked line by line, a broken one named.
    expect(JSON.stringify(cards[5])).toContain(
      '❌ 改派 CC2026-04-R1-01-0002：张强 → 赵敏，不一致（随机种子不能由系统密钥与随机码得出）',
    );
  });
});
