import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

/** The layer rules of eslint.config.mjs, shown to fail on the imports they forbid (and pass on allowed ones). */
describe('layer rules (npm run lint)', () => {
  /** What `eslint` (as `npm run lint` runs it) says of `code` placed at `file`; in a process of its own. */
  const problems = (file: string, code: string) =>
    new Promise<string[]>((resolve, reject) => {
      const bin = join(PROJECT_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const child = execFile(
        process.execPath,
        [bin, '--stdin', '--stdin-filename', file, '--format', 'json'],
        { cwd: PROJECT_ROOT },
        (err, stdout) => {
          try {
            const [result] = JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[];
            resolve(result!.messages.map((m) => `${m.ruleId}: ${m.message}`));
          } catch {
            reject(err ?? new Error(`eslint printed no report: ${stdout}`));
          }
        },
      );
      child.stdin!.end(code);
    });

  it.each([
    [
      'src/domain/fixture.ts',
      "import { loadConfig } from '../config/load-config';\nexport const x = loadConfig;\n",
      'src/domain/ is pure',
    ],
    [
      'cards/fixture.ts',
      "import { pendingResults } from '../src/services/publications';\nexport const x = pendingResults;\n",
      'cards/ are pure',
    ],
    [
      'src/adapters/fixture.ts',
      "import { itemByCode } from '../services/items';\nexport const x = itemByCode;\n",
      'Adapters import only src/domain/',
    ],
    [
      'handlers/fixture.ts',
      "import { findTask } from '../src/adapters/db/models/task';\nexport const x = findTask;\n",
      'go through services',
    ],
    [
      'src/app/fixture.ts',
      "import { generateOfficers } from '../demo/demo-pools';\nexport const x = generateOfficers;\n",
      'never imports the emulator, the demo',
    ],
    [
      'src/services/fixture.ts',
      "import { PROCESSORS } from '../../jobs/processors';\nexport const x = PROCESSORS;\n",
      'never import them',
    ],
  ])('%s: a forbidden import fails', async (file, code, why) => {
    expect((await problems(file, code)).join('\n')).toContain(why);
  });

  it('a handler that queries the database itself fails; one that hands it to a service passes', async () => {
    const query =
      'export const h = async (ctx: { deps: { models: any } }) => ctx.deps.models.Task.find({});\n';
    expect((await problems('handlers/fixture.ts', query)).join('\n')).toContain(
      'Query the database in a service',
    );
    const through =
      "import { activeItems } from '../src/services/items';\nexport const h = async (ctx: { deps: { models: never } }) => activeItems(ctx.deps.models);\n";
    expect(await problems('handlers/fixture.ts', through)).toEqual([]);
  });
});
