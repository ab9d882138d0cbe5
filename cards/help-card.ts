import { echo } from './echo';

/** What the help card shows: the commands, and which ones this version of the bot already serves. */
export interface HelpCardView {
  /** The text the user typed when it was not a command we know, to say so. */
  unknownText?: string;
  /** The nearest known command to `unknownText`. */
  suggestion?: string;
  commands: { usage: string; description: string; available: boolean }[];
  items: string[];
}

/** `/帮助`, and the answer to anything the bot does not understand. Pure: data in, card JSON out. */
export function helpCard(v: HelpCardView) {
  const lines = v.commands.map(
    (c) => `- **${c.usage}** — ${c.description}${c.available ? '' : '（即将上线）'}`,
  );
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: '抽查助手使用说明' } },
    header: {
      title: { tag: 'plain_text', content: v.unknownText ? '没有看懂这条指令' : '抽查助手使用说明' },
      template: v.unknownText ? 'orange' : 'blue',
    },
    body: {
      elements: [
        ...(v.unknownText
          ? [
              {
                tag: 'markdown',
                content: `“${echo(v.unknownText)}”不是可用的指令。${v.suggestion ? `您是不是想用 **${v.suggestion}**？` : ''}`,
              },
            ]
          : []),
        { tag: 'markdown', content: lines.join('\n') },
        { tag: 'hr' },
        { tag: 'markdown', content: `本年度抽查事项：${v.items.join('、')}` },
      ],
    },
  };
}
