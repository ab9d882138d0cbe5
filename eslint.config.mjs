import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

/** The layers (docs: each folder's README): who may import whom. Enforced here; folder cycles by scripts/import-graph.mjs. */
const DEV = ['./emulator', './bench', './test', './src/demo', './src/harness'];
const ABOVE_DOMAIN = [
  './src/adapters',
  './src/services',
  './src/importer',
  './src/config',
  './src/app',
  './src/bin',
  './src/browser',
  './handlers',
  './jobs',
  './cards',
  ...DEV,
];
const zones = [
  {
    target: './src/domain',
    from: ABOVE_DOMAIN,
    message: 'src/domain/ is pure: it imports nothing of ours but itself.',
  },
  {
    target: './cards',
    from: ABOVE_DOMAIN.filter((f) => f !== './cards'),
    message: 'cards/ are pure functions of their view: they import only cards/ and src/domain/.',
  },
  {
    target: './src/adapters',
    from: ABOVE_DOMAIN.filter((f) => !['./src/adapters', './src/config', './src/importer'].includes(f)),
    message:
      'Adapters import only src/domain/, src/config/ and src/importer/: services call adapters, not the reverse.',
  },
  {
    target: './src/importer',
    from: ABOVE_DOMAIN.filter((f) => f !== './src/importer'),
    message: 'The importer reads files and imports only src/domain/: services use it, not the reverse.',
  },
  {
    target: ['./src/config', './src/browser'],
    from: ABOVE_DOMAIN.filter((f) => f !== './src/config' && f !== './src/browser'),
    message: 'src/config/ and src/browser/ import only src/domain/.',
  },
  {
    target: './src/harness',
    from: ABOVE_DOMAIN.filter((f) => f !== './src/harness' && f !== './src/config'),
    message: 'src/harness/ starts services; it imports only src/config/.',
  },
  {
    target: './src/services',
    from: ['./src/app', './handlers', './jobs', ...DEV],
    message: 'Services are called by handlers and jobs; they never import them.',
  },
  {
    target: ['./handlers', './jobs'],
    from: ['./src/adapters/db', './src/app', ...DEV],
    except: ['./models/index.ts'],
    message: 'Handlers and jobs go through services (the Models type aside).',
  },
  {
    target: './handlers',
    from: ['./jobs'],
    message: 'Handlers enqueue jobs through deps.jobs (src/services/job-catalog.ts), never import them.',
  },
  {
    target: './jobs',
    from: ['./handlers'],
    message: 'Jobs never import handlers.',
  },
  {
    target: ['./src/app', './src/config', './src/browser', './src/bin/bot.ts', './src/bin/cli.ts'],
    from: ['./emulator', './bench', './test', './src/demo'],
    message: 'Production code never imports the emulator, the demo, the benchmarks or the tests.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-bench', 'coverage', '.artifacts', '.scratch', 'tools/ferretdb/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the config loader may read the environment (conventions: one loadConfig).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through src/config/load-config.ts.',
        },
      ],
    },
  },
  {
    files: ['src/config/load-config.ts', 'src/bin/**', 'test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    // Handlers and jobs hand the database to services; they do not query it (layers: go through services).
    files: ['handlers/**/*.ts', 'jobs/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='models'][property.name=/^[A-Z]/]",
          message: 'Query the database in a service (src/services/), not in a handler or a job.',
        },
        {
          selector: "MemberExpression[object.property.name='models'][property.name=/^[A-Z]/]",
          message: 'Query the database in a service (src/services/), not in a handler or a job.',
        },
      ],
    },
  },
  // The emulator's console runs in the browser, as a plain script.
  {
    files: ['emulator/console/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
);
