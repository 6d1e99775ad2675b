import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layering rules (STYLE.md): where code runs decides what it may import.
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'stream',
  'url',
  'util',
  'events',
  'worker_threads',
];
const electronOnly = {
  group: ['electron', 'electron/*', 'electron-store'],
  message: 'Only electron/main and electron/preload may import Electron; services stay plain Node.',
};
const serverOnly = {
  group: ['pg', 'pg/*', 'execa', 'ws', 'conf', 'commander'],
  message: 'This runs in the renderer or shared code: talk to the services through the typed contract.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            serverOnly,
            { group: nodeBuiltins, message: 'shared/ is imported by the renderer: no Node modules.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing else in the app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            serverOnly,
            { group: nodeBuiltins, message: 'The renderer has no Node: talk to the services through window.tidemark.' },
            { group: ['**/electron/**'], message: 'The renderer reaches the main process only through the contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronOnly, { group: ['**/renderer/**'], message: 'Services do not import the renderer.' }] }],
    },
  },
  // Every child process goes through pgtools' runner, so cancellation, timeouts and error mapping
  // see them all. A separate rule name, so it adds to the blocks' no-restricted-imports above.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['electron/pgtools/**', '**/*.test.ts', 'test/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'execa', message: 'Run programs through electron/pgtools/run-tool (runTool, runProgram, startProgram).' }] },
      ],
    },
  },
);
