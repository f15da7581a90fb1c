import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The simulator runs in Node and in a worker: no clocks, no Math.random, no UI.
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'zustand', 'd3', 'd3-*'],
              message: 'src/sim must not import UI code',
            },
            {
              group: ['**/ui/**', '**/worker/**', '**/cli/**'],
              message: 'src/sim must not import ui, worker or cli',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use the seeded random streams' },
        { object: 'Date', property: 'now', message: 'time is an argument in src/sim' },
        { object: 'performance', property: 'now', message: 'time is an argument in src/sim' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'schedule a Timer instead' },
        { name: 'setInterval', message: 'schedule a Timer instead' },
        { name: 'document', message: 'src/sim has no DOM' },
        { name: 'window', message: 'src/sim has no DOM' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sim/**'],
              message: 'the UI talks to the simulator through src/protocol only',
            },
          ],
        },
      ],
    },
  },
);
