// The storage backends every conformance suite runs against. PostgreSQL joins in issue 5.
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import type { Store } from '../../src/store/ports';
import { tempDir, cleanup } from '../helpers/server';

export interface Backend {
  name: string;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = tempDir('ci-store-');
      const store = openSqliteStore(join(dir, 'db.sqlite'));
      return { store, dispose: async () => { await store.close(); cleanup(dir); } };
    },
  },
];

