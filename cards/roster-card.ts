import { ABSENCE_WORDS, type Absence } from '../src/domain/qualification';
import { card, hr, md } from './parts';

interface Who {
  name: string;
  badgeNo: string;
}

/** `/人员`: per unit, the certificates lapsed or lapsing, the absences now or soon, the missing dates. */
export interface RosterView {
  today: string;
  days: number;
  /** The unit asked about; null: every unit. */
  scope: string | null;
  units: {
    unitName: string;
    officers: number;
    expired: (Who & { date: string })[];
    soon: (Who & { date: string })[];
    away: (Who & { absence: Absence })[];
    undated: Who[];
  }[];
}

const SHOWN = 30;
const list = <T>(items: T[], line: (t: T) => string) =>
  items
    .slice(0, SHOWN)
    .map((t) => `- ${line(t)}`)
    .concat(items.length > SHOWN ? [`- 另有 ${items.length - SHOWN} 人未列出`] : [])
    .join('\n');
const who = (w: Who) => `${w.name}（${w.badgeNo}）`;
const period = (a: Absence) => `${ABSENCE_WORDS[a.kind]} ${a.from} 起${a.to ? `至 ${a.to}` : ''}`;

/** Pure: what each unit must fix in its roster before draws leave officers out. */
export function rosterCard(v: RosterView) {
  const trouble = v.units.some((u) => u.expired.length + u.soon.length + u.away.length > 0);
  const elements = v.units.flatMap((u, i) => {
    const parts = [
      md(`**${u.unitName}**：在岗执法人员 ${u.officers} 人`),
      ...(u.expired.length
        ? [
            md(
              `执法证已过期（${u.expired.length} 人，不会被抽中）：\n${list(u.expired, (o) => `${who(o)} ${o.date} 到期`)}`,
            ),
          ]
        : []),
      ...(u.soon.length
        ? [
            md(
              `${v.days} 天内到期（${u.soon.length} 人）：\n${list(u.soon, (o) => `${who(o)} ${o.date} 到期`)}`,
            ),
          ]
        : []),
      ...(u.away.length
        ? [
            md(
              `不在岗或即将不在岗（${u.away.length} 人）：\n${list(u.away, (o) => `${who(o)} ${period(o.absence)}`)}`,
            ),
          ]
        : []),
      ...(u.undated.length
        ? [
            md(
              `未登记执法证有效期（${u.undated.length} 人）：${u.undated
                .slice(0, SHOWN)
                .map((o) => o.name)
                .join('、')}${u.undated.length > SHOWN ? ` 等` : ''}`,
            ),
          ]
        : []),
    ];
    return i === 0 ? parts : [hr(), ...parts];
  });
  return card({
    title: `执法人员资格：${v.scope ?? '全部单位'}`,
    template: trouble ? 'orange' : 'green',
    elements: [
      md(
        `截至 ${v.today}。抽取只匹配执法证在检查截止日仍有效、检查期间在岗的人员。` +
          '发证日期、有效期和休假、停职、调离情况请在执法检查人员名录中更新后重新导入。',
      ),
      ...(v.units.length
        ? elements
        : [md(v.scope ? `${v.scope}没有在岗的执法检查人员。` : '名录中没有在岗的执法检查人员。')]),
    ],
  });
}

/** The schedule's notice to a unit head: certificates lapsing within 30 days, or lapsed. Pure. */
export function certExpiryCard(v: {
  name: string;
  today: string;
  officers: { name: string; badgeNo: string; unitName: string; expires: string }[];
}) {
  const lapsed = v.officers.filter((o) => o.expires < v.today).length;
  return card({
    title: `执法证到期提醒（${v.officers.length} 人）`,
    template: lapsed ? 'red' : 'orange',
    elements: [
      md(
        `${v.name}，以下执法人员的执法证${lapsed ? '已过期或' : ''}将于 30 天内到期。到期后抽取不会再匹配其参加检查；` +
          '请督促换证，并在执法检查人员名录中更新有效期后重新导入。发送 /人员 可随时查看。',
      ),
      md(
        list(
          v.officers,
          (o) => `${o.unitName} ${who(o)} ${o.expires}${o.expires < v.today ? ' 已过期' : ' 到期'}`,
        ),
      ),
    ],
  });
}
