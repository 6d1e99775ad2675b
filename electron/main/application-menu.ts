import { Menu, type MenuItemConstructorOptions } from 'electron';
import { openExternal } from './open-external';

// Tidemark has no documentation site of its own yet; the procedures it automates are PostgreSQL's.
const postgresBackupDocsUrl = 'https://www.postgresql.org/docs/current/backup.html';
const postgresPitrDocsUrl = 'https://www.postgresql.org/docs/current/continuous-archiving.html';

/** File, Edit (so copy and paste work in text fields), View (reload only while developing), Help. */
export function buildApplicationMenu(options: { isDevelopment: boolean }): Menu {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.isDevelopment) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' });

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: 'View', submenu: view },
    {
      role: 'help',
      submenu: [
        { label: 'PostgreSQL Backup and Restore Documentation', click: () => void openExternal(postgresBackupDocsUrl) },
        { label: 'Continuous Archiving and Point-in-Time Recovery', click: () => void openExternal(postgresPitrDocsUrl) },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
