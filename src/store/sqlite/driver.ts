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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ctor = (major >= 22 ? require('better-sqlite3-13') : require('better-sqlite3')) as DatabaseConstructor;
  }
  return new ctor(file, options);
}
