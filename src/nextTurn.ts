// Synchronous work longer than a few milliseconds is cut into pieces with a turn of the event
// loop between them, so other requests, timers and I/O run in between (the ~20 ms budget of
// docs/spec.md section 11). One definition for every place that does so.

/** Lets the event loop run whatever is ready (I/O, timers, other requests) before going on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
