import { TidemarkError } from '../../shared/domain/errors';

export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** PostgreSQL's server refuses to start as root; say so before initdb prints it cryptically. */
export function refuseRoot(action: string): void {
  if (runningAsRoot()) {
    throw new TidemarkError('running_as_root', `Cannot ${action} as root: PostgreSQL's server refuses to run as the superuser of the machine.`, {
      hint: 'Run Tidemark as an ordinary user (for example: sudo -u youruser tidemark ...), or connect to an existing server instead.',
    });
  }
}
