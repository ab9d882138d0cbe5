import { distance } from 'fastest-levenshtein';
import { helpCard } from '../../cards/help-card';
import type { CommandContext } from '../context';

/** The commands of the design; `available` flips as each lands (chat workflow: issue 6). */
export const COMMANDS = [
  { name: '/抽查', usage: '/抽查 事项', description: '发起随机抽取（如 /抽查 娱乐场所）', available: true },
  {
    name: '/免抽',
    usage: '/免抽 事项 理由',
    description: '（责任局领导）本轮免于抽查，理由将公示（如 /免抽 公章刻制业 辖区内无在营企业）',
    available: true,
  },
  { name: '/进度', usage: '/进度 [事项]', description: '查看各事项、各单位的完成进度', available: true },
  {
    name: '/我的任务',
    usage: '/我的任务',
    description: '查看我的检查任务和期限；现场照片、检查记录表：在任务卡片上点“上传现场材料”后直接发送',
    available: true,
  },
  { name: '/验证', usage: '/验证 抽取编号', description: '核验一次抽取是否公正、可复现', available: true },
  {
    name: '/设为工作群',
    usage: '/设为工作群',
    description: '（在单位工作群里）让本单位的任务清单发到本群',
    available: true,
  },
  {
    name: '/公示',
    usage: '/公示',
    description: '（各单位责任人）查看并公示已审核通过的检查结果',
    available: true,
  },
  {
    name: '/导出',
    usage: '/导出 类型 [年份]',
    description:
      '导出 xlsx：事项清单、计划模板、抽取结果、结果公示表、考评表、现场材料清单（如 /导出 结果公示表 2026）',
    available: true,
  },
  {
    name: '/运维',
    usage: '/运维',
    description: '（领导小组办公室）查看后台任务、定时任务的运行情况，重试失败的任务',
    available: true,
  },
  {
    name: '/考评',
    usage: '/考评 [年份]',
    description: '（局领导、领导小组办公室）查看各单位本年度（或指定年份）的考评得分和明细',
    available: true,
  },
  {
    name: '/异议',
    usage: '/异议 任务编号',
    description: '（领导小组办公室）登记检查对象对已公示结果的异议，由责任局领导决定维持或更正',
    available: true,
  },
  {
    name: '/人员',
    usage: '/人员 [单位]',
    description:
      '（各单位负责人、责任人，领导小组办公室）查看执法证已过期或 60 天内到期、不在岗、未登记有效期的执法人员',
    available: true,
  },
  {
    name: '/计划',
    usage: '/计划',
    description:
      '查看本年度和下一年度计划及待审批的版本；办公室发送计划 Excel 文件即可上传，/计划 调整 事项 责任人 姓名 调整分工，均由组长审批',
    available: true,
  },
  {
    name: '/绑定',
    usage: '/绑定 姓名 [单位]',
    description: '机器人不认识您时：申请绑定为名单中的人员，由领导小组办公室确认',
    available: true,
  },
  { name: '/帮助', usage: '/帮助', description: '显示本说明', available: true },
];

export function nearestCommand(text: string): string | undefined {
  const word = text.split(/\s+/)[0] ?? '';
  const best = COMMANDS.map((c) => ({ c, d: distance(word, c.name) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(best.c.name.length / 2)) ? best.c.usage : undefined;
}

export async function help(ctx: CommandContext, unknownText?: string): Promise<void> {
  await ctx.reply(
    helpCard({
      unknownText,
      suggestion: unknownText ? nearestCommand(unknownText) : undefined,
      commands: COMMANDS,
      items: ctx.itemNames,
    }),
  );
}
