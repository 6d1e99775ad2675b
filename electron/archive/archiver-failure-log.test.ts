import { describe, expect, it } from 'vitest';
import { archiveFailureIn } from './archiver-failure-log';

// As PostgreSQL 15 writes it with logging_collector on and the default log_line_prefix ('%m [%p] ').
const log = `2026-12-03 12:00:01.100 UTC [4242] LOG:  checkpoint starting: time
cp: cannot create regular file '/srv/wal/missing/000000010000000000000001': No such file or directory
2026-12-03 12:00:02.200 UTC [4243] LOG:  archive command failed with exit code 1
2026-12-03 12:00:02.200 UTC [4243] DETAIL:  The failed archive command was: cp pg_wal/000000010000000000000001 /srv/wal/missing/000000010000000000000001
2026-12-03 12:00:03.300 UTC [4243] WARNING:  archiving write-ahead log file "000000010000000000000001" failed too many times, will try again later
`;

describe("the server's words for the archiver's last failure", () => {
  it("are the command's own error, the exit code and the command", () => {
    expect(archiveFailureIn(log)).toBe(
      "cp: cannot create regular file '/srv/wal/missing/000000010000000000000001': No such file or directory; archive command failed with exit code 1; The failed archive command was: cp pg_wal/000000010000000000000001 /srv/wal/missing/000000010000000000000001",
    );
  });

  it('are the newest failure, and a command killed by a signal counts', () => {
    const later = `${log}2026-12-03 12:01:00.000 UTC [4243] LOG:  archive command was terminated by signal 9: Killed\n2026-12-03 12:01:00.000 UTC [4243] DETAIL:  The failed archive command was: /usr/local/bin/ship %p\n`;
    expect(archiveFailureIn(later)).toBe('archive command was terminated by signal 9: Killed; The failed archive command was: /usr/local/bin/ship %p');
  });

  it('are none when the log has no failure', () => {
    expect(archiveFailureIn('2026-12-03 12:00:01.100 UTC [4242] LOG:  checkpoint starting: time\n')).toBeNull();
  });
});
