import type { Locator, Page } from '@playwright/test';

/** Notification settings: channels, their tests, the outbox and the delivery history. */
export class NotificationsPage {
  readonly heading: Locator;
  readonly addChannelButton: Locator;
  readonly form: ChannelForm;
  readonly history: Locator;
  readonly historyRows: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Notifications', exact: true });
    this.addChannelButton = page.getByTestId('add-channel');
    this.form = new ChannelForm(page);
    this.history = page.getByTestId('delivery-history');
    this.historyRows = page.getByTestId('delivery-row');
  }

  channel(name: string): ChannelCard {
    return new ChannelCard(this.page.locator(`[data-testid="notification-channel"][data-channel-name="${name}"]`));
  }

  async addWebhook(name: string, url: string, format: 'Tidemark JSON' | 'Slack' = 'Tidemark JSON'): Promise<void> {
    await this.addChannelButton.click();
    await this.form.kind('Webhook or Slack');
    await this.form.name.fill(name);
    await this.form.webhookUrl.fill(url);
    if (format === 'Slack') {
      await this.form.webhookFormat.click();
      await this.page.getByRole('option', { name: /^Slack/ }).click();
    }
    await this.form.save.click();
    await this.form.root.waitFor({ state: 'detached' });
  }

  async addDesktop(name: string): Promise<void> {
    await this.addChannelButton.click();
    await this.form.kind('Desktop');
    await this.form.name.fill(name);
    await this.form.save.click();
    await this.form.root.waitFor({ state: 'detached' });
  }
}

export class ChannelForm {
  readonly root: Locator;
  readonly name: Locator;
  readonly webhookUrl: Locator;
  readonly webhookFormat: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('channel-form');
    this.name = this.root.getByLabel('Name');
    this.webhookUrl = this.root.getByTestId('webhook-url');
    this.webhookFormat = this.root.getByTestId('webhook-format');
    this.save = this.root.getByTestId('channel-save');
  }

  async kind(label: 'Webhook or Slack' | 'Email' | 'Desktop'): Promise<void> {
    await this.root.getByTestId('channel-kind').getByText(label, { exact: true }).click();
  }
}

export class ChannelCard {
  readonly sendTest: Locator;
  readonly testResult: Locator;
  readonly enabled: Locator;
  readonly edit: Locator;

  constructor(readonly root: Locator) {
    this.sendTest = root.getByTestId('send-test');
    this.edit = root.getByTestId('edit-channel');
    this.testResult = root.getByTestId('test-result');
    this.enabled = root.getByTestId('channel-enabled');
  }
}
