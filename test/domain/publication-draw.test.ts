import {
  packPublicDraw,
  publicDraw,
  storedPublicDraw,
  type PublicDraw,
} from '../../src/domain/publication-draw';

const draw: PublicDraw = publicDraw({
  drawNo: 'CC2026-03-R1-01',
  year: 2026,
  itemName: '旅馆业',
  round: 1,
  attempt: 1,
  status: 'dispatched',
  proposedBy: '彭世杰',
  drawnOn: '2026-03-10',
  late: false,
  unit: '治安大队',
  poolSize: 3,
  count: 2,
  algorithmVersion: 'DRAW-2',
  seedCommitment: 'a'.repeat(64),
  commitment: 'b'.repeat(64),
  hashes: {
    pool: 'c'.repeat(64),
    officers: 'd'.repeat(64),
    inputs: 'e'.repeat(64),
    recusals: 'f'.repeat(64),
  },
  notes: [],
  decision: { status: 'approved', by: '赵晓辉', on: '2026-03-10', reason: '' },
  secret: '1'.repeat(64),
  phrase: '春风 十里',
  seed: '2'.repeat(64),
  targets: [
    { name: '偃师区"迎宾"旅馆\n（分店）', creditCode: '91410381MA44Y6LX2B' },
    { name: '洛阳市某某宾馆', creditCode: '92410381MA9GJ3XU5Q' },
  ],
});

describe('a draw publication as stored', () => {
  it('keeps its targets as one text, read back whole and in order (quotes, newlines and all)', () => {
    const packed = packPublicDraw(draw);
    expect(typeof packed.targets).toBe('string');
    // Stored as it would be: through JSON.
    const stored = JSON.parse(JSON.stringify(packed)) as Parameters<typeof storedPublicDraw>[0];
    expect(storedPublicDraw(stored)).toEqual(draw);
  });

  it('reads publications stored before the packing (targets as objects) as they were', () => {
    expect(storedPublicDraw(JSON.parse(JSON.stringify(draw)) as PublicDraw)).toEqual(draw);
  });

  it('reads an attempt with nothing drawn yet', () => {
    const open = { ...draw, status: 'proposed' as const, targets: [] };
    expect(storedPublicDraw(JSON.parse(JSON.stringify(packPublicDraw(open))))).toEqual(open);
  });
});
