// Imported hashes' upgrades (src/signin/hashUpgrades.ts) are done after each first sign-in's
// answer, with the hashing capacity the sign-ins leave: a run of first sign-ins ends with some
// still waiting. Read from the server's /metrics as an operator reads them: how many were left
// when the run ended, and how long they took to drain once the sign-ins stopped, so the work a
// first sign-in causes is reported in full, not only the part the user waits for.
import { setTimeout as sleep } from 'node:timers/promises';

export interface UpgradeDrain {
  /** Upgrades not yet saved when the run ended. */
  pendingAtEnd: number;
  /** Seconds from the run's end until none was pending. */
  seconds: number;
}

async function pending(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = /^cognito_import_password_upgrades_pending (\d+)$/m.exec(text);
  if (!m) throw new Error('the server\'s /metrics has no cognito_import_password_upgrades_pending');
  return Number(m[1]);
}

/** Waits until the server has no upgrade pending (at most `timeoutS`), polling every 50 ms. */
export async function drainUpgrades(port: number, timeoutS = 120): Promise<UpgradeDrain> {
  const t0 = performance.now();
  const pendingAtEnd = await pending(port);
  for (let left = pendingAtEnd; left > 0; left = await pending(port)) {
    if (performance.now() - t0 > timeoutS * 1000) throw new Error(`${left} upgrades still pending ${timeoutS} s after the run`);
    await sleep(50);
  }
  return { pendingAtEnd, seconds: (performance.now() - t0) / 1000 };
}
