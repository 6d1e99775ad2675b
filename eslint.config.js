import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
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
// Raw IPC only in the shell's one registering wrapper (main) and the preload (GitHub Desktop bans it the same way):
// everything else goes through the typed contract. Listed in every no-restricted-imports below, because a later
// block's options replace an earlier block's for the same rule.
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC lives in electron/main (ipc.ts) and electron/preload only: use the typed contract (shared/contract).',
};
// Node globals the renderer (sandboxed, no nodeIntegration) and shared/ (loaded by the renderer) do not have.
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global', 'module', 'exports'].map((name) => ({
  name,
  message: `${name} is a Node global: renderer/ and shared/ run without Node. Ask the services through the contract.`,
}));

// Which folder under electron/ may import which (STYLE.md: "a path tells you what the code may touch").
// Each folder lists the folders it may import; every other electron/ folder is forbidden to it. Type-only imports
// count too: a type import of the services bag still ties a domain to everything the bag holds.
const foundations = {
  settings: [],
  jobs: [],
  // The repository's layout and the manifests it holds (the physical ones are read by wal/, physical/ and pitr/).
  repository: [],
  pgtools: ['settings'],
  profiles: ['pgtools', 'repository', 'settings'],
  clusters: ['pgtools', 'profiles', 'settings'],
};
const foundation = Object.keys(foundations);
// Domains import foundations and, where the domain needs it, a lower domain: one direction only.
//   backups (logical, and the history of every backup) < restore (reads logical backups)
//   wal (the archive's contents and layout) < archive (setting up archiving writes into it) < physical (base backups
//   stream WAL) < pitr (uses all)
//   notifications imports foundations only, so the scheduler, retention and the archiver watch can all publish to it
//   backups, physical, wal < retention (deletes backups through the history's own rules, prunes WAL with them)
// A lower domain that needs a higher one's work is handed it: backups.verify test-restores (restore/) and re-checks
// base backups (physical/) through functions createServices passes in.
const domains = {
  notifications: [],
  backups: [],
  restore: ['backups'],
  wal: [],
  archive: ['wal'],
  physical: ['archive', 'wal'],
  pitr: ['backups', 'restore', 'archive', 'wal', 'physical'],
  sandbox: [],
  retention: ['backups', 'physical', 'wal'],
  // Runs backups on their own, then retention, watches the archiver (archive), and tells people (notifications).
  scheduler: ['backups', 'physical', 'archive', 'retention', 'notifications'],
  // Dev database snapshots: sessions and DROP from restore/'s target-database helpers; from-backup and export are handed in.
  snapshots: ['backups', 'restore'],
  // Polls watched profiles' servers; red thresholds are told through notifications.
  health: ['notifications'],
};
const domain = Object.keys(domains);
// The host layers on top: api builds the services container and composes the handlers; cli, web and main each host
// it and never import one another; preload sees only shared/. renderer-content (the built renderer's files and the
// headers they are served with) is theirs alone: web/ serves it over HTTP, main/ on app://.
const hosts = {
  'renderer-content': [],
  api: [...foundation, ...domain],
  cli: ['api', ...foundation, ...domain],
  web: ['api', 'renderer-content', ...foundation, ...domain],
  main: ['api', 'renderer-content', ...foundation, ...domain],
  preload: [],
};
const allowedImports = {
  ...Object.fromEntries(Object.entries(foundations)),
  ...Object.fromEntries(Object.entries(domains).map(([name, lower]) => [name, [...foundation, ...lower]])),
  ...hosts,
};
const electronFolders = Object.keys(allowedImports);
const layeringZones = Object.entries(allowedImports).flatMap(([folder, allowed]) =>
  electronFolders
    .filter((other) => other !== folder && !allowed.includes(other))
    .map((other) => ({
      target: `./electron/${folder}`,
      from: `./electron/${other}`,
      message:
        other === 'api'
          ? 'Only the host layers (api, cli, web, main) import electron/api: take the few services you need as parameters.'
          : `electron/${folder} may import only ${allowed.length ? allowed.join(', ') : 'shared/'} (layering in eslint.config.js).`,
    })),
);

/** The rules of code that runs without Node (renderer/, shared/): no Node globals or modules, nothing server-side, and `own` for its own folder. */
function withoutNode(nodeMessage, own) {
  return {
    'no-restricted-globals': ['error', ...nodeGlobals],
    'no-restricted-imports': ['error', { paths: [rawIpc], patterns: [electronOnly, serverOnly, { group: nodeBuiltins, message: nodeMessage }, own] }],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [rawIpc] }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads each imported file to follow the graph: it must parse TypeScript and resolve as tsc does.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json'] })],
    },
    rules: {
      // Value imports only: type-only imports are erased (verbatimModuleSyntax) and cannot make a module read a
      // half-initialised one, so import-x skips them; the layering zones below do count them.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    // Tests may import anything: they assemble the whole app to prove a part of it.
    ignores: ['**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layeringZones }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...withoutNode('shared/ is imported by the renderer: no Node modules.', {
        group: ['**/electron/**', '**/renderer/**'],
        message: 'shared/ depends on nothing else in the app.',
      }),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...withoutNode('The renderer has no Node: talk to the services through window.tidemark.', {
        group: ['**/electron/**'],
        message: 'The renderer reaches the main process only through the contract.',
      }),
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [rawIpc], patterns: [electronOnly, { group: ['**/renderer/**'], message: 'Services do not import the renderer.' }] },
      ],
    },
  },
  {
    // The shell: Electron, and raw IPC in the one wrapper that registers handlers and checks the sender.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The shell does not import the renderer.' }] }],
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
