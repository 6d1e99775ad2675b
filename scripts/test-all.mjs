// `npm test`: every suite in order — typecheck, lint, build, unit + integration (Vitest, real
// PostgreSQL), end to end (Playwright: Chromium through browser mode, and Electron where its
// binary exists) — then one closing line `N passed, N failed, N skipped` over all of them.
// Each suite runs even when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

/** A check with no test count of its own (typecheck, lint, build) counts as one test. */
function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${label}: ${ok ? 'ok' : 'FAILED'} (${seconds}s)`);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function vitest(project) {
  const out = `${results}/vitest-${project}.json`;
  rmSync(out, { force: true });
  const { ok, seconds } = run(`vitest ${project}`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  const report = readJson(out);
  if (!report) {
    totals.failed += 1;
    lines.push(`vitest ${project}: no report (the run crashed) (${seconds}s)`);
    return;
  }
  const passed = report.numPassedTests ?? 0;
  // A file that failed to load counts as a failure even though it has no failed test inside.
  const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed || (ok ? 0 : 1);
  totals.skipped += skipped;
  lines.push(`vitest ${project}: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds}s)`);
}

function playwright(project) {
  const out = `${results}/playwright-${project}.json`;
  rmSync(out, { force: true });
  const { ok, seconds } = run(`playwright ${project}`, 'npx', ['playwright', 'test', '--project', project], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const report = readJson(out);
  if (!report?.stats) {
    totals.failed += 1;
    lines.push(`playwright ${project}: no report (the run crashed) (${seconds}s)`);
    return;
  }
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats;
  totals.passed += expected + flaky;
  totals.failed += unexpected || (ok ? 0 : 1);
  totals.skipped += skipped;
  lines.push(`playwright ${project}: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped${flaky ? ` (${flaky} flaky)` : ''} (${seconds}s)`);
}

check('typecheck', 'node', ['scripts/typecheck.mjs']);
check('lint', 'npx', ['eslint', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
const built = check('build', 'node', ['scripts/build.mjs']);
vitest('unit');
vitest('integration');
if (built) {
  playwright('chromium');
  playwright('electron');
} else {
  totals.failed += 1;
  lines.push('playwright: not run, the build failed');
}

process.stdout.write(`\n=== summary\n${lines.join('\n')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
