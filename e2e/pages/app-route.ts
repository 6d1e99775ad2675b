import type { Page } from '@playwright/test';

/** Opens an app route (what follows '#', e.g. `/connections/ID`) on the server the page is already on. */
export async function openRoute(page: Page, route: string): Promise<void> {
  await page.goto(`${page.url().split('#')[0]}#${route}`);
}
