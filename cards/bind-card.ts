import { ACTIONS } from './actions';
import { button, buttonRow, card, md, text } from './parts';

export interface BindCardView {
  /** The Feishu user asking, as the platform names them (null: the app may not see them). */
  feishuName: string | null;
  feishuMobile: string | null;
  openId: string;
  /** The request (its chat message): each is decided once; a new request may be decided anew. */
  requestId: string;
  /** The person of the bureau they say they are. */
  personKey: string;
  name: string;
  unit: string;
  title: string;
  /** Already linked to another Feishu account (a confirmation moves the link). */
  linkedElsewhere: boolean;
  status: 'pending' | 'confirmed' | 'rejected';
  decidedBy?: string;
}

/** To the office: a Feishu user asks to be a person of the bureau's people data (/绑定); 确认 or 拒绝. Pure. */
export function bindRequestCard(v: BindCardView) {
  const who = v.feishuName ? `飞书用户「${v.feishuName}」` : '一位飞书用户';
  const lines = [
    `${who}${v.feishuMobile ? `（手机 ${v.feishuMobile}）` : ''}申请绑定为名单中的 **${v.name}**（${v.unit}${v.title ? `，${v.title}` : ''}）。`,
    '绑定后，此人将以该身份接收审批、任务和督办卡片并进行操作。请核实是本人后再确认。',
    ...(v.linkedElsewhere
      ? ['**注意**：名单中的此人已绑定了另一个飞书账号，确认后将改为绑定到本账号。']
      : []),
  ];
  const outcome =
    v.status === 'confirmed'
      ? [md(`已由 ${v.decidedBy ?? ''} 确认绑定。`)]
      : v.status === 'rejected'
        ? [md(`已由 ${v.decidedBy ?? ''} 拒绝。`)]
        : [
            buttonRow([
              button(
                '确认绑定',
                { action: ACTIONS.bindConfirm, openId: v.openId, key: v.personKey, req: v.requestId },
                'primary',
              ),
              button(
                '拒绝',
                { action: ACTIONS.bindReject, openId: v.openId, key: v.personKey, req: v.requestId },
                'danger',
              ),
            ]),
          ];
  return card({
    title: `${v.status === 'pending' ? '身份绑定申请' : v.status === 'confirmed' ? '已绑定' : '已拒绝绑定'}：${v.name}`,
    template: v.status === 'pending' ? 'orange' : v.status === 'confirmed' ? 'green' : 'grey',
    elements: [md(lines.join('\n')), text(`open_id：${v.openId}`), ...outcome],
  });
}
