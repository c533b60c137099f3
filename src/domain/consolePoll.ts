// How often the web console asks for a running job (console/poller.ts). Here, with no DOM in
// sight, so the server's tests and benchmarks can derive their windows from it rather than guess.
export const CONSOLE_POLL_MS = 1_500;

/** The bounds of the `poll` setting of the console's address (docs/console.md "Live"). */
export const CONSOLE_POLL_MIN_MS = 200;
export const CONSOLE_POLL_MAX_MS = 60_000;

/**
 * The interval the console polls at, from its address's query (`location.search`):
 * `/console/?poll=<ms>` asks for another pace (a quicker one to watch a short job, a slower one
 * on a slow link); anything else, or a value out of bounds, is the default. The pages live in the
 * fragment (console/router.ts), so the query stays while the user moves between them.
 */
export function consolePollMs(search: string): number {
  const value = new URLSearchParams(search).get('poll');
  if (value === null || !/^\d{1,6}$/.test(value)) return CONSOLE_POLL_MS;
  const ms = Number(value);
  return ms >= CONSOLE_POLL_MIN_MS && ms <= CONSOLE_POLL_MAX_MS ? ms : CONSOLE_POLL_MS;
}
