import { fold } from './text';

export interface ItemNames {
  code: string;
  name: string;
  targetType: string;
  aliases: string[];
}

/**
 * Resolves what a user or a spreadsheet calls an item (code, 抽查事项名称, 检查对象 or an alias;
 * full-width and spaces folded, case-insensitive) to its code, or null.
 */
export function makeItemResolver(items: ItemNames[]): (text: string) => string | null {
  const index = new Map<string, string>();
  for (const item of items) {
    for (const key of [item.code, item.name, item.targetType, ...item.aliases]) {
      index.set(fold(key).toLowerCase(), item.code);
    }
  }
  return (text) => index.get(fold(text).toLowerCase()) ?? null;
}
