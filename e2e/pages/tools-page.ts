import { byTestId, pageObject } from './page-object';

/** Which PostgreSQL tools Tidemark found. */
export class ToolsPage extends pageObject((page) => ({
  heading: page.getByRole('heading', { name: 'PostgreSQL tools' }),
  ...byTestId(page, { installations: 'installation', missing: 'missing-tools' }),
})) {}
