import { extname, join } from 'node:path';

/**
 * How a benchmark starts a script of this project in a process of its own. `npm run bench` runs the
 * compiled JavaScript (`tsconfig.bench.json`), as the production image runs `node dist/...`: under tsx
 * every function expression is wrapped to keep its name, which cost the 100k draw a fifth of its time.
 * Run from the sources (`tsx bench/<step>.ts`), a step starts its children from the sources too.
 */
export function nodeArgs(file: string): string[] {
  return file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
}

/** A module of this project beside `dir`, as the running code is: `.ts` from the sources, `.js` compiled. */
export const moduleFile = (dir: string, ...path: string[]): string =>
  join(dir, ...path) + extname(__filename);
