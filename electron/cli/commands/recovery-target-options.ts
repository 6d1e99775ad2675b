/** What commander parses from the flags that name a recovery target (pitr's, and clusters retarget's). */
export interface RecoveryTargetOptions {
  targetTime?: string;
  timeZone?: string;
  targetLsn?: string;
  targetXid?: string;
  targetName?: string;
  latest?: boolean;
  exclusive?: boolean;
}
