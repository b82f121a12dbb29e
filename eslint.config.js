// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/views/**',
                '**/services/**',
                '**/store/**',
                '**/http/**',
                '**/mail/**',
                '**/cli/**',
                '**/worker/**',
                '**/runtime.js',
                '**/config.js',
              ],
              message: 'domain/ holds pure rules: it imports no adapter, service, store or view.',
            },
            {
              group: [
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
              ],
              message: 'domain/ does no I/O: take what it needs as arguments.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts', 'src/store/**/*.ts', 'src/worker/**/*.ts', 'src/mail/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/http/**', '**/cli/**', '**/views/**'],
              message:
                'Services and what they stand on import no adapter or view: shared helpers live in src/shared or src/i18n.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/**'],
              message: 'Routes get presented objects from services, never database rows or the store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/runtime.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./http/**', './cli/**', './views/**'],
              message: 'The runtime wires services; adapters take it, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts', 'src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/views/**',
                '**/services/**',
                '**/store/**',
                '**/http/**',
                '**/mail/**',
                '**/cli/**',
                '**/worker/**',
                '**/runtime.js',
              ],
              message: 'src/shared and src/i18n sit below every layer and import none of them.',
            },
          ],
        },
      ],
    },
  },
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
