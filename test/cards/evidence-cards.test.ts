import { evidencePickerCard, evidenceReceiptCard, evidenceWithdrawnCard } from '../../cards/evidence-cards';
import { validateCard } from '../../emulator/card-validator';

const file = { messageId: 'om_1', key: 'file_v3_1', type: 'file' as const, fileName: '检查记录表.pdf' };
const tasks = Array.from({ length: 12 }, (_, i) => ({
  taskNo: `CC2026-03-R1-01-${String(i + 1).padStart(4, '0')}`,
  targetName: `偃师区旅社${i + 1}`,
  itemName: '旅馆业',
  deadline: '2026-12-30',
}));

describe('现场材料 cards', () => {
  const variants = {
    receipt: evidenceReceiptCard({
      taskNo: tasks[0]!.taskNo,
      id: 'ev-om_1',
      name: '检查记录表.pdf',
      size: '512 KB',
      sha256: 'c'.repeat(64),
      files: 3,
      total: '5.1 MB',
    }),
    withdrawn: evidenceWithdrawnCard({
      taskNo: tasks[0]!.taskNo,
      name: '检查记录表.pdf',
      sha256: 'c'.repeat(64),
    }),
    picker: evidencePickerCard({ file, tasks: tasks.slice(0, 2) }),
    pickerLong: evidencePickerCard({ file: { ...file, type: 'image', fileName: undefined }, tasks }),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('lets the sender withdraw the file it answers for', () => {
    expect(JSON.stringify(variants.receipt)).toContain(
      '"value":{"action":"evidence.withdraw","taskNo":"CC2026-03-R1-01-0001","id":"ev-om_1"}',
    );
  });

  it('offers at most ten tasks, each carrying the file, and says how to reach the rest', () => {
    const text = JSON.stringify(variants.pickerLong);
    expect(text.match(/"action":"evidence.pick"/g)).toHaveLength(10);
    expect(text).toContain('另有 2 个任务未列出');
    expect(text).toContain('请选择这张图片所属的检查任务');
    expect(JSON.stringify(variants.picker)).toContain(
      '"value":{"action":"evidence.pick","taskNo":"CC2026-03-R1-01-0001","messageId":"om_1","key":"file_v3_1","type":"file","fileName":"检查记录表.pdf"}',
    );
  });
});
