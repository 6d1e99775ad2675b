import type { Command } from 'commander';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { printError, printResult, table, type OutputOptions } from '../output';

export function registerToolsCommand(program: Command): void {
  program
    .command('tools')
    .description('list the PostgreSQL tools Tidemark found, by installation')
    .option('--json', 'print one JSON document')
    .option('--set-dir <dir>', 'search this bin folder first (saved in settings)')
    .option('--clear-dir', 'forget the bin folder override')
    .action(async (options: OutputOptions & { setDir?: string; clearDir?: boolean }) => {
      try {
        const { api } = cliContext();
        const inventory =
          options.setDir || options.clearDir
            ? await call(api, 'tools.setOverride', { binDir: options.clearDir ? null : options.setDir! })
            : await call(api, 'tools.inventory', {});
        printResult(options, inventory, (inv) => {
          if (inv.installations.length === 0) return `No PostgreSQL tools found.\n${inv.missing[0]?.hint ?? ''}`;
          const rows = [['VERSION', 'FOLDER', 'FROM', 'TOOLS']];
          for (const i of inv.installations) rows.push([i.version, i.binDir, i.origin, Object.keys(i.tools).join(' ')]);
          const missing = inv.missing.length ? `\nMissing: ${inv.missing.map((m) => m.tool).join(', ')}\n${inv.missing[0]!.hint}` : '';
          return table(rows) + missing;
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
