// The users table's statistics and visibility map after a big import (the goal: every ListUsers
// filter from an index, p99 under 10 ms on a 500,000-user pool). PostgreSQL plans each ListUsers
// statement (userFilters.ts) from the table's statistics, and autovacuum analyzes a table only on
// its next round (autovacuum_naptime, a minute by default) once a tenth of it changed: a pool an
// import just filled is, until then, a few rows to the planner, which reads it whole with a bitmap
// scan and sorts it instead of walking an index (docs/benchmarks.md, "ListUsers right after an
// import"). And until a VACUUM sets the visibility map, every index-only read of a prefix's range
// (userFilters.ts counts up to planTuning.prefixScanCap users of a prefix) fetches each row's heap
// page too.
//
// So a job that imported many users runs VACUUM (ANALYZE) on users before its final status is
// written (PgImports.finishJob): when DescribeUserImportJob first says Succeeded, ListUsers is
// already planned from statistics that count the pool. Its cost is bounded: ANALYZE reads a
// sample of a fixed size (300 x default_statistics_target rows) however big the table, and VACUUM
// reads only the pages not yet all-visible (the ones the import wrote, and any other writes since
// the last vacuum). It runs on a connection of its own, outside any transaction (VACUUM cannot run
// in one); the job's lease is renewed meanwhile by the import's heartbeat (worker/importUsers.ts).
import type { Pool } from 'pg';
import type { JobKey } from '../../domain/importJob';

/**
 * A job that imported at least this many users refreshes the statistics. Below it, the planner's
 * view of a pool is off by fewer users than a misplanned page costs to read whole (about 1 ms
 * per 1,000 users on the machine of docs/benchmarks.md), and the ANALYZE (a fixed-size sample,
 * about 1 s on a table of 500,000 users there) would cost more than it saves; autovacuum's
 * threshold still catches up with many small jobs.
 */
export const STATISTICS_MIN_ROWS = 10_000;

/**
 * VACUUM (ANALYZE) users when the job imported STATISTICS_MIN_ROWS users or more. Never throws:
 * the statistics only make reads faster, and autovacuum gets to them anyway; a database that
 * cannot be reached fails the job's next statement instead.
 */
export async function refreshUserStatistics(pool: Pool, key: JobKey): Promise<void> {
  try {
    const r = await pool.query<{ imported: number }>('SELECT imported FROM import_jobs WHERE account_id = $1 AND pool_id = $2 AND job_id = $3',
      [key.accountId, key.poolId, key.jobId]);
    if ((r.rows[0]?.imported ?? 0) < STATISTICS_MIN_ROWS) return;
    // A table this role does not own is skipped with a warning, not an error (then autovacuum's).
    await pool.query('VACUUM (ANALYZE) users');
  } catch {
    // Best effort, as above.
  }
}
