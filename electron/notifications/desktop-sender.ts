import type { DesktopNotice } from '../../shared/domain/notification';
import type { SendOutcome } from './send-outcome';
import type { OutgoingMessage } from './webhook-payload';

/**
 * What shows a desktop notification on this host. Only electron/main may import Electron, so the
 * service hands the notice to the host: the Electron app shows it with Electron's Notification,
 * browser mode's page with the browser's Notification API. A host without a desktop (the CLI, a
 * daemon under systemd) says why it cannot.
 */
export interface DesktopPresenter {
  /** Null where notices can be shown; else why not ("a daemon has no desktop"). */
  readonly unavailableReason: string | null;
  show(notice: DesktopNotice): void;
}

export function showOnDesktop(presenter: DesktopPresenter, outgoing: OutgoingMessage): SendOutcome {
  if (presenter.unavailableReason) return { status: 'undeliverable', detail: presenter.unavailableReason };
  presenter.show({
    deliveryId: outgoing.deliveryId,
    at: outgoing.sentAt,
    title: outgoing.text.title,
    body: outgoing.text.text,
    severity: outgoing.text.severity,
    type: outgoing.message.type,
  });
  return { status: 'delivered', detail: 'shown by the app' };
}

/**
 * The desktop of a host: the Electron app and browser mode show notices (`show` hands them to
 * the host, which emits them to its windows); the CLI, and a daemon run from it, have none.
 */
export function desktopPresenterFor(host: 'electron' | 'web' | 'cli', show: (notice: DesktopNotice) => void): DesktopPresenter {
  if (host === 'electron' || host === 'web') return { unavailableReason: null, show };
  return {
    unavailableReason: 'Tidemark on the command line (or as a daemon) has no desktop to show notifications on: only the app and browser mode do.',
    show: () => undefined,
  };
}
