import { createHash } from 'node:crypto';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../domain/credit-code';
import type { Role } from '../domain/plan-template';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import type { CreditLevel, RiskLevel, TargetStatus } from '../domain/target';

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

const TOWNS = [
  '首阳山街道',
  '商城街道',
  '槐新街道',
  '伊洛街道',
  '城关镇',
  '岳滩镇',
  '顾县镇',
  '翟镇镇',
  '佃庄镇',
  '李村镇',
  '高龙镇',
  '缑氏镇',
  '府店镇',
  '山化镇',
  '大口镇',
  '邙岭镇',
];
const ROADS = [
  '华夏路',
  '商都路',
  '迎宾路',
  '伊洛路',
  '杜甫大道',
  '太学路',
  '首阳路',
  '玄奘路',
  '洛神路',
  '槐庙路',
  '工业路',
  '滨河路',
  '府前街',
  '文化街',
  '建设路',
  '朝阳路',
];
const PLACES = [
  '首阳',
  '商都',
  '伊洛',
  '玄奘',
  '二里头',
  '杜甫',
  '邙山',
  '太学',
  '华夏',
  '槐新',
  '岳滩',
  '缑山',
  '洛滨',
  '中州',
  '汇通',
  '宏达',
  '鑫源',
  '瑞丰',
  '金鼎',
  '泰和',
  '永盛',
  '恒通',
  '兴隆',
  '福源',
  '君悦',
  '如意',
  '和顺',
  '天成',
  '博远',
  '佳美',
];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '韩',
  '唐',
  '冯',
  '于',
  '董',
  '萧',
  '程',
  '曹',
  '袁',
  '邓',
  '许',
  '傅',
  '沈',
  '曾',
  '彭',
  '吕',
  '苏',
  '卢',
  '蒋',
  '蔡',
  '贾',
  '丁',
  '魏',
  '薛',
  '叶',
  '阎',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '军',
  '强',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '海燕',
  '红梅',
  '晓东',
  '国庆',
  '振华',
  '春生',
  '建军',
  '丽娟',
  '鹏飞',
  '宏伟',
  '文博',
  '佳怡',
  '子豪',
  '浩然',
  '雨萱',
  '梓涵',
  '一鸣',
  '思远',
];

/** Name patterns per item: a place word + a trade word + an organisation form. */
const TRADES: Record<string, { words: string[]; forms: string[] }> = {
  'precursor-chemicals': {
    words: ['化工', '化学试剂', '精细化工', '化工原料', '医药化工'],
    forms: ['有限公司', '经营部', '贸易有限公司'],
  },
  'civil-explosives': {
    words: ['爆破工程', '矿业', '民爆器材', '石料', '建材矿业'],
    forms: ['有限公司', '有限责任公司'],
  },
  hotels: { words: ['宾馆', '快捷酒店', '大酒店', '旅社', '商务酒店', '假日酒店', '客栈'], forms: [''] },
  entertainment: { words: ['KTV', '量贩式KTV', '歌舞厅', '娱乐会所', '歌城', '电子游艺厅'], forms: [''] },
  'seal-engraving': { words: ['刻章店', '印章制作部', '刻字社', '印章服务部'], forms: [''] },
  'scrap-metal': {
    words: ['废旧物资回收站', '再生资源回收', '废品收购站', '金属回收'],
    forms: ['', '有限公司'],
  },
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
}): OfficerRecord[] {
  const rng = makeRng(`officers:${opts.seed}`);
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
      });
    }
  }
  return out;
}
