import type { Locator, Page } from '@playwright/test';

/** A job's live panel (the renderer's JobProgress): its status badge, its phase and its log. */
export class JobPanel {
  readonly progress: Locator;
  readonly status: Locator;
  readonly phase: Locator;
  readonly log: Locator;

  /** `scope`: where the panel is looked for, the page or the part of it that shows the job. */
  constructor(scope: Page | Locator) {
    this.progress = scope.getByTestId('job-progress');
    this.status = scope.getByTestId('job-status');
    this.phase = scope.getByTestId('job-phase');
    this.log = scope.getByTestId('job-log');
  }
}
