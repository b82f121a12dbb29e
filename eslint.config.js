// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every layer above domain/, shared/ and i18n/, as import patterns. */
const LAYERS = [
  '**/views/**',
  '**/services/**',
  '**/store/**',
  '**/http/**',
  '**/mail/**',
  '**/cli/**',
  '**/worker/**',
  '**/observability/**',
  '**/runtime.js',
];
/** Packages and Node modules that reach outside the process. */
const IO_PACKAGES = [
  'node:fs',
  'node:fs/*',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
  'node:dns',
  'better-sqlite3',
  'pg',
  'kysely',
  'fastify',
  'nodemailer',
  'smtp-server',
];

/** prom-client is loaded by src/observability/prometheus.ts alone, and only when metrics are on. */
const PROMETHEUS = {
  group: ['prom-client', '**/observability/prometheus.js'],
  message:
    'Count through the MetricsRecorder of src/observability/metrics.ts: prom-client is loaded only by the runtime, when VOUCH_METRICS turns metrics on.',
};

/** Files that may not import what `patterns` name. */
function zone(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'bin/', 'assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers (docs/architecture.md), held here so that an import across them fails the lint.
  zone(
    ['src/domain/**/*.ts'],
    [
      {
        group: [...LAYERS, '**/config.js'],
        message: 'domain/ holds pure rules: it imports no adapter, service, store or view.',
      },
      { group: IO_PACKAGES, message: 'domain/ does no I/O: take what it needs as arguments.' },
      PROMETHEUS,
    ],
  ),
  zone(
    ['src/services/**/*.ts', 'src/store/**/*.ts', 'src/worker/**/*.ts', 'src/mail/**/*.ts'],
    [
      {
        group: ['**/http/**', '**/cli/**', '**/views/**'],
        message:
          'Services and what they stand on import no adapter or view: shared helpers live in src/shared or src/i18n.',
      },
      PROMETHEUS,
    ],
  ),
  zone(
    ['src/http/**/*.ts'],
    [
      {
        group: ['**/store/**'],
        message: 'Routes get presented objects from services, never database rows or the store.',
      },
      PROMETHEUS,
    ],
  ),
  zone(['src/cli/**/*.ts'], [PROMETHEUS]),
  zone(
    ['src/runtime.ts'],
    [
      {
        group: ['./http/**', './cli/**', './views/**'],
        message: 'The runtime wires services; adapters take it, not the other way round.',
      },
      PROMETHEUS,
    ],
  ),
  zone(
    ['src/observability/**/*.ts'],
    [
      {
        group: LAYERS.filter((layer) => layer !== '**/observability/**'),
        message:
          'src/observability sits below the services that count through it: it takes what it reads (the outbox) as a function.',
      },
    ],
  ),
  zone(
    ['src/shared/**/*.ts', 'src/i18n/**/*.ts'],
    [
      { group: LAYERS, message: 'src/shared and src/i18n sit below every layer and import none of them.' },
      PROMETHEUS,
    ],
  ),
  {
    // Migrations are frozen in time and take Kysely<any>, by design.
    files: ['src/store/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // Plain JavaScript preloaded into a measured process, outside the TypeScript project.
    files: ['bench/support/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly' },
    },
  },
);
