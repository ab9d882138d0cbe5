import { readPlanTemplate } from '../src/adapters/plan-file';
import { demoPlanMobile, generateOfficers } from '../src/demo/demo-pools';
import type { AppSeed, ChatSeed, UserSeed } from './state';

/** The demo app. Its id has the `cli_` + 16 hex shape the SDK's WSClient insists on. */
export const DEMO_APP: AppSeed = {
  appId: 'cli_a5d1e2f3b4c60789',
  appSecret: 'demo-app-secret-not-for-production',
  name: '双随机抽查助手',
  verificationToken: 'demo-verification-token',
  encryptKey: 'demo-encrypt-key',
};

/**
 * The emulator's people and chats for the demo: everyone the reference plan names, the demo
 * officers, the leadership group's chat and one work chat per brigade. Mobiles are derived from
 * 执法证号-like serials so that id lookup by mobile works.
 */
export function demoWorld(): { users: UserSeed[]; chats: ChatSeed[] } {
  const plan = readPlanTemplate();
  const officers = generateOfficers({ seed: 'yanshi-demo' });
  const users: UserSeed[] = [
    ...plan.people.map((p, i) => ({ name: p.name, mobile: demoPlanMobile(i) })),
    ...officers.map((o) => ({ name: o.name, mobile: o.mobile ?? undefined })),
  ];
  const leadership = plan.people
    .filter((p) => p.unit === '局领导' || p.roles.includes('office'))
    .map((p) => p.name);
  const chats: ChatSeed[] = [
    { name: '双随机一公开工作领导小组', members: leadership },
    ...['治安大队', '禁毒大队'].map((unit) => ({
      name: `${unit}抽查工作群`,
      members: [
        ...plan.people.filter((p) => p.unit === unit).map((p) => p.name),
        ...officers.filter((o) => o.unitName === unit).map((o) => o.name),
      ],
    })),
  ];
  return { users, chats };
}
