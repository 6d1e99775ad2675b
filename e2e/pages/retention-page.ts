import type { Locator, Page } from '@playwright/test';

/** A profile's retention page: the rules, the plan (figures, timeline, WAL, table) and Apply. */
export class RetentionPage {
  readonly plan: Locator;
  readonly rows: Locator;
  readonly applyButton: Locator;
  readonly confirmButton: Locator;
  readonly typedConfirm: Locator;
  readonly typedConfirmButton: Locator;
  readonly massDeletionWarning: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly timeline: Locator;
  readonly wal: Locator;
  readonly rulesProblem: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.plan = page.getByTestId('retention-plan');
    this.rows = page.getByTestId('plan-row');
    this.applyButton = page.getByTestId('apply-retention');
    this.confirmButton = page.getByTestId('confirm-apply');
    this.typedConfirm = page.getByTestId('typed-name');
    this.typedConfirmButton = page.getByTestId('typed-name-confirm');
    this.massDeletionWarning = page.getByTestId('mass-deletion-warning');
    this.result = page.getByTestId('retention-result');
    this.error = page.getByTestId('error-alert');
    this.timeline = page.getByTestId('retention-timeline');
    this.wal = page.getByTestId('retention-wal-cluster');
    this.rulesProblem = page.getByTestId('rules-problem');
    this.history = page.getByTestId('retention-history-row');
  }

  /** Sets every count rule (empty: off) and keep-within; the plan follows once typing settles. */
  async setRules(rules: Partial<Record<'keep-last' | 'keep-hourly' | 'keep-daily' | 'keep-weekly' | 'keep-monthly' | 'keep-yearly' | 'keep-within', string>>) {
    for (const name of ['keep-last', 'keep-hourly', 'keep-daily', 'keep-weekly', 'keep-monthly', 'keep-yearly', 'keep-within'] as const) {
      await this.page.getByTestId(`rule-${name}`).fill(rules[name] ?? '');
    }
  }

  row(backupId: string): Locator {
    return this.page.locator(`[data-testid="plan-row"][data-backup-id="${backupId}"]`);
  }

  marks(when: 'now' | 'after'): Locator {
    return this.page.getByTestId(`timeline-${when}`).getByTestId('timeline-mark');
  }

  windowBar(when: 'now' | 'after'): Locator {
    return this.page.locator(`[data-testid="timeline-window"][data-when="${when}"] rect`);
  }

  figure(key: 'kept' | 'deleted' | 'wal' | 'freed'): Locator {
    return this.page.getByTestId(`figure-${key}`);
  }

  /** Waits for a settled plan (not being read again) and returns its fingerprint. */
  async settledFingerprint(): Promise<string> {
    await this.page.locator('[data-testid="retention-plan"][data-stale="false"]').waitFor();
    return (await this.plan.getAttribute('data-fingerprint')) ?? '';
  }
}
