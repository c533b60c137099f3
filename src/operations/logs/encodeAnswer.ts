// GetLogEvents' and FilterLogEvents' answers, encoded a piece at a time. A page is up to 10,000
// events (AWS's page: API_GetLogEvents, API_FilterLogEvents), 1-2.5 MB of JSON; one
// JSON.stringify of such an answer held the event loop 10-20 ms, the whole budget of a request
// (test/timing/eventLoopBudget.test.ts). The text is what toWire + JSON.stringify make of the whole
// output, byte for byte: the same encoder, applied to a slice of the list at a time.
import { shapes } from '../../api/generated/logs';
import { toWire } from '../../protocol/awsJson';
import { EncodedAnswer } from '../../protocol/encodedAnswer';
import { nextTurn } from '../../nextTurn';

/** Events encoded in one turn of the event loop: under 1 ms of work (1,000 a turn left too little margin). */
const ENCODE_CHUNK = 250;

/**
 * The answer of shape `outputShape` whose first member is `events` (a list of shape `listShape`)
 * with `rest` for its other members. Each event is made by `wire` as its slice is encoded.
 */
export async function encodeEventsAnswer<T>(
  outputShape: 'GetLogEventsResponse' | 'FilterLogEventsResponse', listShape: 'OutputLogEvents' | 'FilteredLogEvents',
  events: T[], wire: (e: T) => unknown, rest: Record<string, unknown>,
): Promise<EncodedAnswer> {
  const envelope = JSON.stringify(toWire(shapes, outputShape, { ...rest, events: [] }));
  const head = '{"events":[]';
  // `events` is the model's first member of both outputs: the list goes right after its name.
  if (!envelope.startsWith(head)) throw new Error(`${outputShape} does not start with its events`);
  // Each slice as UTF-8 bytes, made in its own turn; joined as one string, the last turn measured
  // and converted all 2.3 MB of it (5-7 ms), where joining bytes takes 1-2 ms.
  const parts: Buffer[] = [Buffer.from('{"events":[')];
  for (let i = 0; i < events.length; i += ENCODE_CHUNK) {
    if (i > 0) await nextTurn();
    const slice = JSON.stringify(toWire(shapes, listShape, events.slice(i, i + ENCODE_CHUNK).map(wire)));
    parts.push(Buffer.from(i > 0 ? `,${slice.slice(1, -1)}` : slice.slice(1, -1)));
  }
  parts.push(Buffer.from(`]${envelope.slice(head.length)}`));
  return new EncodedAnswer(Buffer.concat(parts));
}
