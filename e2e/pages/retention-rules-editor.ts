import type { Locator, Page } from '@playwright/test';

export type RetentionRuleField = 'keep-last' | 'keep-within' | 'keep-hourly' | 'keep-daily' | 'keep-weekly' | 'keep-monthly' | 'keep-yearly';
const ruleFields: readonly RetentionRuleField[] = ['keep-last', 'keep-hourly', 'keep-daily', 'keep-weekly', 'keep-monthly', 'keep-yearly', 'keep-within'];

/** The one retention rules editor (renderer/components/retention): on the retention page and in the schedule form. */
export class RetentionRulesEditor {
  readonly summary: Locator;
  readonly problem: Locator;

  constructor(readonly scope: Page | Locator) {
    this.summary = scope.getByTestId('rules-summary');
    this.problem = scope.getByTestId('rules-problem');
  }

  rule(name: RetentionRuleField): Locator {
    return this.scope.getByTestId(`rule-${name}`);
  }

  /** Sets every rule: the ones named, the others empty (off). */
  async setRules(rules: Partial<Record<RetentionRuleField, string>>): Promise<void> {
    for (const name of ruleFields) await this.rule(name).fill(rules[name] ?? '');
  }
}
