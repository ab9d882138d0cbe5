// The import graph between folders, printed, and checked: no cycle between folders and none between
// files (type-only imports count). `npm run lint` runs it after ESLint, whose import zones say which
// folder may import which (eslint.config.mjs); this says the result has no loops.
// Usage: node scripts/import-graph.mjs [--quiet]
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOTS = ['src', 'handlers', 'jobs', 'cards', 'emulator', 'bench', 'scripts'];
/** The folders of the graph: each area of src/, and each top-level folder. */
const folderOf = (path) =>
  (/^src\/[^/]+\//.exec(path)?.[0] ?? /^[^/]+\//.exec(path)?.[0] ?? path).replace(/\/$/, '');

const ruleSet = {
  forbidden: [
    { name: 'no-file-cycles', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-folder-cycles', severity: 'error', scope: 'folder', from: {}, to: { circular: true } },
  ],
};
const result = await cruise(
  ROOTS,
  {
    ruleSet,
    validate: true,
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^tools/', '^test/'] },
    outputType: 'json',
  },
  undefined,
  { tsConfig: extractTSConfig('tsconfig.json') },
);
const { modules, summary } = JSON.parse(result.output);

const edges = new Map();
for (const m of modules)
  for (const d of m.dependencies) {
    if (d.coreModule || d.couldNotResolve || d.resolved.startsWith('node_modules/')) continue;
    const [from, to] = [folderOf(m.source), folderOf(d.resolved)];
    if (from !== to) (edges.get(from) ?? edges.set(from, new Set()).get(from)).add(to);
  }
if (!process.argv.includes('--quiet'))
  for (const from of [...edges.keys()].sort())
    console.log(`${from} → ${[...edges.get(from)].sort().join(', ')}`);

const problems = summary.violations.filter((v) => v.rule.severity === 'error');
for (const v of problems)
  console.error(`${v.rule.name}: ${[v.from, ...(v.cycle ?? []).map((c) => c.name ?? c)].join(' → ')}`);
console.error(
  problems.length
    ? `import graph: ${problems.length} cycle(s)`
    : `import graph: ${summary.totalCruised} modules, no cycle between folders or files`,
);
process.exit(problems.length ? 1 : 0);
