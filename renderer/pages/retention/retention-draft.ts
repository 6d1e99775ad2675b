import { retentionRuleNames } from '../../../shared/domain/retention';
import type { RetentionPolicy } from '../../../shared/domain/retention-policy';
import { shellCommandLine } from '../../components/psql-command';

/** The same plan from the command line, to copy: without rules, the profile's stored policy. */
export function retentionCommandFor(profileName: string, policy: RetentionPolicy | undefined, timeZone: string): string {
  const argv = ['tidemark', 'retention', 'plan', '--profile', profileName];
  for (const [name, field] of retentionRuleNames) if (policy?.[field] !== undefined) argv.push(`--${name}`, String(policy[field]));
  argv.push('--tz', timeZone);
  return shellCommandLine(argv);
}
