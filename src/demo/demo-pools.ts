import { createHash } from 'node:crypto';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../domain/credit-code';
import { addDays, type IsoDate } from '../domain/calendar';
import type { Role } from '../domain/plan-template';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import type { CreditLevel, RiskLevel, TargetStatus } from '../domain/target';
import { GIVEN, PLACES, ROADS, SURNAMES, TOWNS, TRADES } from './demo-words';

/**
 * Deterministic, realistic demo pools for the six reference items and the two brigades: the same
 * seed gives the same pools, so the demo, tests and benchmarks are reproducible. Randomness comes
 * only from `makeRng(seed)`.
 */

/** sfc32 seeded from SHA-256 of the seed string: small, fast, good enough for demo data (not for draws). */
export function makeRng(seed: string): () => number {
  const h = createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0),
    b = h.readUInt32LE(4),
    c = h.readUInt32LE(8),
    d = h.readUInt32LE(12);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

type Rng = () => number;

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

const weighted = <T>(rng: Rng, table: readonly (readonly [T, number])[]): T => {
  let r = rng() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
};

export const DEFAULT_TARGET_COUNTS: Record<string, number> = {
  'precursor-chemicals': 24,
  'civil-explosives': 12,
  hotels: 80,
  entertainment: 40,
  'seal-engraving': 16,
  'scrap-metal': 30,
};

const CREDIT: readonly (readonly [CreditLevel, number])[] = [
  ['A', 30],
  ['B', 45],
  ['C', 18],
  ['D', 7],
];

const RISK_BY_CREDIT: Record<CreditLevel, readonly (readonly [RiskLevel, number])[]> = {
  A: [
    ['low', 70],
    ['medium', 27],
    ['high', 3],
  ],
  B: [
    ['low', 35],
    ['medium', 55],
    ['high', 10],
  ],
  C: [
    ['low', 10],
    ['medium', 50],
    ['high', 40],
  ],
  D: [
    ['low', 2],
    ['medium', 28],
    ['high', 70],
  ],
};

const STATUS: readonly (readonly [TargetStatus, number])[] = [
  ['open', 94],
  ['suspended', 4],
  ['closed', 2],
];

const DIVISION = '410381'; // 偃师区 (河南省洛阳市)

const CODE_CHARS = [...CREDIT_CODE_ALPHABET];

const personName = (rng: Rng) =>
  pick(rng, SURNAMES) + pick(rng, GIVEN) + (rng() < 0.35 ? pick(rng, GIVEN).slice(0, 1) : '');

const mobile = (rng: Rng) =>
  `1${pick(rng, ['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;

/** Demo targets per item (defaults: DEFAULT_TARGET_COUNTS), with valid, unique credit codes and unique names. */
export function generateTargets(opts: {
  seed: string;
  counts: Partial<Record<string, number>>;
}): TargetRecord[] {
  const rng = makeRng(`targets:${opts.seed}`);
  const names = new Set<string>();
  const codes = new Set<string>();
  const out: TargetRecord[] = [];
  for (const [itemCode, trade] of Object.entries(TRADES)) {
    const count = opts.counts[itemCode] ?? DEFAULT_TARGET_COUNTS[itemCode]!;
    for (let i = 0; i < count; i++) {
      let name: string;
      let attempt = 0;
      do {
        // Past the small vocabulary, a branch number keeps names unique (…宾馆二十三分店 style, kept short).
        const suffix = attempt++ > 3 || names.size > 3000 ? `${Math.floor(rng() * 9000) + 100}号店` : '';
        name = `偃师区${pick(rng, PLACES)}${pick(rng, trade.words)}${pick(rng, trade.forms)}${suffix}`;
      } while (names.has(name));
      names.add(name);
      let code: string;
      do {
        const kind = pick(rng, ['91', '91', '91', '92']); // 企业 / 个体工商户
        let body = kind + DIVISION;
        for (let k = 0; k < 9; k++) body += pick(rng, CODE_CHARS);
        code = body + creditCodeCheckChar(body);
      } while (codes.has(code));
      codes.add(code);
      const creditLevel = weighted(rng, CREDIT);
      const itemCodes = itemCode === 'hotels' && rng() < 0.03 ? ['hotels', 'entertainment'] : [itemCode];
      out.push({
        creditCode: code,
        name,
        address: `河南省洛阳市偃师区${pick(rng, TOWNS)}${pick(rng, ROADS)}${Math.floor(rng() * 300) + 1}号`,
        legalRepresentative: personName(rng),
        phone: mobile(rng),
        itemCodes,
        creditLevel,
        riskLevel: weighted(rng, RISK_BY_CREDIT[creditLevel]),
        status: weighted(rng, STATUS),
      });
    }
  }
  return out;
}

/**
 * `count` plain open targets of one item for the benchmarks and fault tests (numbered `from` on, under the
 * 8-character code prefix `prefix`, credit levels A–D in turn): volume, not realism.
 */
export function plainTargets(opts: {
  itemCode: string;
  count: number;
  from?: number;
  prefix?: string;
  name?: string;
}): TargetRecord[] {
  const levels = ['A', 'B', 'C', 'D'] as const;
  const prefix = opts.prefix ?? '91410381';
  return Array.from({ length: Math.max(0, opts.count) }, (_, k) => {
    const i = (opts.from ?? 0) + k;
    const body = prefix + String(i).padStart(17 - prefix.length, '0');
    return {
      creditCode: body + creditCodeCheckChar(body),
      name: `${opts.name ?? '对象'}${i}`,
      address: `偃师区某路${i}号`,
      legalRepresentative: '',
      phone: '',
      itemCodes: [opts.itemCode],
      creditLevel: levels[i % 4]!,
      riskLevel: 'medium',
      status: 'open',
    };
  });
}

/** The demo mobile of the plan's i-th person: their demo Feishu account (emulator/seed.ts) and people record share it. */
export const demoPlanMobile = (index: number): string => `1370000${String(index + 1).padStart(4, '0')}`;

const PLAN_PEOPLE = new Set(['李良', '史永生', '陶向东', '赵晓辉', '焦柳扬', '彭世杰', '郭继涛']);

const UNITS: Record<string, { code: string; items: string[]; count: number }> = {
  治安大队: {
    code: '01',
    items: ['civil-explosives', 'hotels', 'entertainment', 'seal-engraving', 'scrap-metal'],
    count: 18,
  },
  禁毒大队: { code: '02', items: ['precursor-chemicals'], count: 8 },
};

/**
 * Demo officers of 治安大队 and 禁毒大队. 执法证号 here: 41038 (偃师) + 2-digit unit + 4-digit serial — a
 * demo format; real numbers are whatever the province issues and are imported as text.
 */
export function generateOfficers(opts: {
  seed: string;
  perUnit?: Partial<Record<string, number>>;
  /**
   * With a date, officers carry 执法证 dates valid for six years and issued within the last five; the
   * third officer of each unit's certificate lapses 45 days after it, the fourth is on leave around it.
   */
  today?: IsoDate;
}): OfficerRecord[] {
  const rng = makeRng(`officers:${opts.seed}`);
  // A stream of its own: with or without dates, the officers (names, mobiles) are the same people the
  // emulator seeds as accounts.
  const certRng = makeRng(`certificates:${opts.seed}`);
  const names = new Set<string>();
  const out: OfficerRecord[] = [];
  for (const [unitName, unit] of Object.entries(UNITS)) {
    const count = opts.perUnit?.[unitName] ?? unit.count;
    const inactive = Math.floor(rng() * count);
    for (let i = 0; i < count; i++) {
      let name: string;
      do name = personName(rng);
      while (names.has(name) || PLAN_PEOPLE.has(name));
      names.add(name);
      const head = i === 0;
      const roles: Role[] = head ? ['unit_head', 'inspector'] : ['inspector'];
      const areas = unit.items.length > 1 && rng() < 0.3 ? unit.items.filter(() => rng() < 0.5) : [];
      out.push({
        badgeNo: `41038${unit.code}${String(i + 1).padStart(4, '0')}`,
        name,
        unitName,
        title: head ? '大队长' : i < 3 ? pick(rng, ['副大队长', '中队长']) : '民警',
        roles,
        areas,
        mobile: mobile(rng),
        email: null,
        active: count < 3 || i !== inactive || head,
        ...certificate(certRng, opts.today, i),
      });
    }
  }
  return out;
}

function certificate(
  rng: () => number,
  today: IsoDate | undefined,
  i: number,
): Pick<OfficerRecord, 'certIssued' | 'certExpires' | 'absence'> {
  if (!today) return { certIssued: null, certExpires: null, absence: null };
  const issued = addDays(today, -Math.floor(rng() * 5 * 365) - 1);
  const lapsing = i === 2;
  const certExpires = lapsing ? addDays(today, 45) : addDays(addDays(issued, 6 * 365), -1);
  return {
    certIssued: lapsing ? addDays(certExpires, -6 * 365) : issued,
    certExpires,
    absence: i === 3 ? { kind: 'leave', from: addDays(today, -3), to: addDays(today, 11) } : null,
  };
}
