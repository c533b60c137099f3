/**
 * An answer an operation has already encoded as AWS JSON 1.1 text: src/http/apiHandler.ts sends
 * it as it is instead of encoding the output. Why: a page of 10,000 log events is a 1-2.5 MB
 * answer, and encoding it in one JSON.stringify held the event loop 10-20 ms, about the whole
 * budget of a request (test/timing/eventLoopBudget.test.ts); src/operations/logs/encodeAnswer.ts
 * encodes such an answer in pieces, a turn of the event loop each.
 */
export class EncodedAnswer {
  /** UTF-8 bytes: a 2.3 MB answer as one string cost 5-7 ms more to measure and write out. */
  constructor(readonly json: Buffer) {}
}
