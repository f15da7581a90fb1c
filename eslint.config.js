import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** What no file under src/sim may import: UI, worker and CLI code. */
const SIM_PATTERNS = [
  {
    group: ['react', 'react-dom', 'zustand', 'd3', 'd3-*'],
    message: 'src/sim must not import UI code',
  },
  {
    group: ['**/ui/**', '**/worker/**', '**/cli/**'],
    message: 'src/sim must not import ui, worker or cli',
  },
];

/**
 * Layers inside src/sim (STYLE.md, layout): the parts of a machine (core … nic, metrics'
 * counters and writers) know nothing of how an architecture assembles them, of the world
 * that wires them up, or of the observers that watch a whole world; world/ knows nothing
 * of its observers.
 */
const BELOW_ARCH = [
  'core',
  'wire',
  'tcp',
  'udp',
  'net',
  'host',
  'bus',
  'nic',
  'link',
  'metrics',
  'costs',
];
const ABOVE = (dirs) => ({
  group: dirs.map((d) => `**/sim/${d}/**`).concat(dirs.map((d) => `../${d}/*`)),
  message: `this layer must not import ${dirs.join(', ')} (STYLE.md: imports point down)`,
});

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
      'no-restricted-imports': ['error', { patterns: SIM_PATTERNS }],
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
    files: BELOW_ARCH.map((d) => `src/sim/${d}/**/*.ts`),
    ignores: ['src/sim/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...SIM_PATTERNS, ABOVE(['arch', 'world', 'observe'])] },
      ],
    },
  },
  {
    files: ['src/sim/world/**/*.ts', 'src/sim/arch/**/*.ts', 'src/sim/scenario/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...SIM_PATTERNS, ABOVE(['observe'])] }],
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
