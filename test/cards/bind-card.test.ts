import { bindRequestCard, type BindCardView } from '../../cards/bind-card';
import { validateCard } from '../../emulator/card-validator';
import { buttons, textOf } from '../helpers/chat';

const view: BindCardView = {
  feishuName: '小周',
  feishuMobile: '13912345678',
  openId: 'ou_0123456789abcdef',
  requestId: 'om_request',
  personKey: 'name:周新',
  name: '周新',
  unit: '治安大队',
  title: '',
  linkedElsewhere: true,
  status: 'pending',
};

describe('the binding request card', () => {
  it('asks the office to confirm or refuse, and shows the decision after', () => {
    const pending = bindRequestCard(view);
    const confirmed = bindRequestCard({
      ...view,
      status: 'confirmed',
      decidedBy: '陶向东',
      linkedElsewhere: false,
    });
    for (const c of [pending, confirmed]) expect(validateCard(c)).toEqual([]);
    expect([pending, confirmed]).toMatchSnapshot();
    expect(buttons(pending).map((b) => [b.text, b.value])).toEqual([
      ['确认绑定', { action: 'bind.confirm', openId: view.openId, key: view.personKey, req: 'om_request' }],
      ['拒绝', { action: 'bind.reject', openId: view.openId, key: view.personKey, req: 'om_request' }],
    ]);
    expect(textOf(pending)).toContain('已绑定了另一个飞书账号');
    expect(buttons(confirmed)).toEqual([]);
  });
});
