// How often the web console asks for a running job (console/poller.ts). Here, with no DOM in
// sight, so the server's tests and benchmarks can derive their windows from it rather than guess.
export const CONSOLE_POLL_MS = 1_500;
