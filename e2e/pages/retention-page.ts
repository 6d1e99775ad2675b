import type { Locator, Page } from '@playwright/test';
import { RetentionRulesEditor, type RetentionRuleField } from './retention-rules-editor';

/** A profile's retention page: the profile's policy (rules, save, clear), the plan (figures, timeline, WAL, table) and Apply. */
export class RetentionPage {
  readonly rules: RetentionRulesEditor;
  readonly policyStatus: Locator;
  readonly savePolicy: Locator;
  readonly clearPolicy: Locator;
  readonly policyUsers: Locator;
  /** The line above the plan: whose rules it is the plan of. */
  readonly planPolicy: Locator;
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
    this.rules = new RetentionRulesEditor(page.getByTestId('profile-policy'));
    this.policyStatus = page.getByTestId('policy-status');
    this.savePolicy = page.getByTestId('save-policy');
    this.clearPolicy = page.getByTestId('clear-policy');
    this.policyUsers = page.getByTestId('policy-users');
    this.planPolicy = page.getByTestId('plan-policy');
  }

  /** Sets every rule (empty: off); the plan follows once typing settles. */
  setRules(rules: Partial<Record<RetentionRuleField, string>>): Promise<void> {
    return this.rules.setRules(rules);
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
