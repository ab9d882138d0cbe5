import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root folder (where package.json is), whether code runs from `src/` through tsx or
 * from the compiled `dist/src/`: data files and tools are found relative to it.
 */
export const PROJECT_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${__dirname}`);
  }
})();
