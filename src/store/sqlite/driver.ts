// Which better-sqlite3 this Node runs. Version 12 on Node 20 (13 needs Node 22 and crashes on
// 20); version 13 on Node 22 and later, because 12 frees its objects after Node 24 has torn
// its environment down and can abort an exiting process with `Assertion failed: (env) !=
// nullptr` (WiseLibs/better-sqlite3#1515; 13 moved to node-addon-api). Both have the same API.
import type BetterSqlite3 from 'better-sqlite3';

type DatabaseConstructor = typeof BetterSqlite3;
let ctor: DatabaseConstructor | undefined;

export function openDatabase(file: string, options?: BetterSqlite3.Options): BetterSqlite3.Database {
  if (!ctor) {
    const major = Number(process.versions.node.split('.')[0]);
    const binding = major >= 22 ? 'better-sqlite3-13' : 'better-sqlite3';
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ctor = require(binding) as DatabaseConstructor;
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND' || !(e as Error).message.includes(`'${binding}'`)) throw e;
      // Version 12 is an optional dependency (package.json): its native build may fail on a Node
      // it does not support, which must not fail the install of this package there.
      throw new Error(binding === 'better-sqlite3'
        ? `SQLite on Node ${process.versions.node} needs the package better-sqlite3 (version 12), which is not installed: install cognito-import `
          + 'again without --omit=optional (its build needs a C++ compiler where no prebuilt binary fits)'
        : `SQLite on Node ${process.versions.node} needs the package better-sqlite3-13, which is not installed: install cognito-import again`);
    }
  }
  return new ctor(file, options);
}
