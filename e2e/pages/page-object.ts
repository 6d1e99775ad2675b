import type { Locator, Page } from '@playwright/test';

/** Locators by test id, from a table `{ name: 'test-id' }`, looked for within `scope` (the page, or the part of it they sit in). */
export function byTestId<Ids extends Record<string, string>>(scope: Page | Locator, ids: Ids): { readonly [Name in keyof Ids]: Locator } {
  return Object.fromEntries(Object.entries(ids).map(([name, testId]) => [name, scope.getByTestId(testId)])) as { readonly [Name in keyof Ids]: Locator };
}

/**
 * The base class of a page object whose locators `locate` builds from the page, mostly with byTestId:
 * `class ProfilePage extends pageObject((page) => byTestId(page, { name: 'profile-name' }))` gives `profilePage.name`,
 * each test id written once, beside the name a spec reads.
 */
export function pageObject<Parts extends object>(locate: (page: Page) => Parts) {
  class PageObject {
    constructor(readonly page: Page) {
      Object.assign(this, locate(page));
    }
  }
  // A class cannot declare the properties a function returns: this names what the constructor has just assigned.
  return PageObject as new (page: Page) => PageObject & Readonly<Parts>;
}
