import type { Locator, Page } from '@playwright/test';
import { byTestId } from './page-object';

/** A job's live panel (the renderer's JobProgress) within `scope`, the page or the part of it that shows the job: its status badge, its phase and its log. */
export function jobPanel(scope: Page | Locator) {
  return byTestId(scope, { progress: 'job-progress', status: 'job-status', phase: 'job-phase', log: 'job-log' });
}
