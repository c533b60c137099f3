// GET /_cognito-import/v1/user-pools/{UserPoolId}/import-jobs/{JobId}/rows.csv?outcome=FAILED|SKIPPED:
// the job's header line and the lines of its rows with that outcome, in file order, streamed
// from its uploaded file (docs/extensions.md, "rows.csv"). The file is read once, chunk by chunk,
// with the response's backpressure, and no further than the last row asked for; what is held is
// the set of line numbers, from the job's log.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { InvalidParameterException, PreconditionNotMetException } from '../../api/errors';
import { BlobNotFoundError } from '../../blobs/ports';
import { endedJobWithFile } from '../../extensions/jobs';
import { PICKED_OUTCOMES, rowOutcomeLines, type PickedOutcome } from '../../extensions/rowOutcomeLines';
import { RowPicker } from '../../extensions/rowPicker';
import { authenticate, type ExtensionCall, type ExtensionDeps } from './common';
import { jobParams } from './jobParams';

function outcomeOf(query: Map<string, string>): PickedOutcome {
  const v = query.get('outcome');
  if (v === undefined || !(PICKED_OUTCOMES as readonly string[]).includes(v)) {
    const given = v === undefined ? 'is missing' : `is '${v}'`;
    throw new InvalidParameterException(`The query parameter outcome ${given}: it must be FAILED or SKIPPED (upper case), as the job's log names the rows.`);
  }
  return v as PickedOutcome;
}

/** The client went away while the answer was being written. */
class ClientGone extends Error {}

/** Resolves when the response takes more, rejects with ClientGone when its connection closed. */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.reject(new ClientGone());
  return new Promise((resolve, reject) => {
    const done = (): void => { res.off('close', gone); resolve(); };
    const gone = (): void => { res.off('drain', done); reject(new ClientGone()); };
    res.once('drain', done);
    res.once('close', gone);
  });
}

async function write(res: ServerResponse, pieces: Buffer[]): Promise<void> {
  for (const p of pieces) if (!res.write(p)) await drained(res);
}

/** The answer's status and headers: with the first bytes of a GET, alone for a HEAD. */
function startCsv(c: ExtensionCall, fileName: string): void {
  if (c.res.headersSent) return;
  c.res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store', 'x-amzn-RequestId': c.requestId,
  });
}

/**
 * Streams the picked lines. The status and headers go with the first bytes (the header line),
 * so a file that cannot be read at all still gets an error answer; a failure after that can
 * only cut the answer short (the connection is closed: a client sees an incomplete transfer).
 * A client that goes away stops the reading at once, also while the picker reads past rows it
 * does not pass on and nothing is being written (docs/extensions.md, "rows.csv").
 */
async function streamRows(c: ExtensionCall, d: ExtensionDeps, source: Readable, picker: RowPicker, fileName: string): Promise<void> {
  const { res } = c;
  let gone = res.destroyed;
  const onClose = (): void => {
    if (res.writableFinished) return;
    gone = true;
    source.destroy();
  };
  res.once('close', onClose);
  try {
    if (gone) return;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const pieces = picker.take(chunk);
      if (pieces.length) {
        startCsv(c, fileName);
        await write(res, pieces);
      }
      if (picker.finished) break;
    }
    if (gone) return;
    const tail = picker.end();
    startCsv(c, fileName);
    await write(res, tail);
    res.end();
  } catch (e) {
    // Gone: nobody to answer, and the reading was stopped on purpose.
    if (gone) return;
    if (!res.headersSent) throw e;
    if (!(e instanceof ClientGone)) d.log.error('rows.csv cut short', { requestId: c.requestId, error: e instanceof Error ? e.message : String(e) });
    res.destroy();
  } finally {
    res.off('close', onClose);
    source.destroy();
  }
}

export async function handleJobRows(c: ExtensionCall, d: ExtensionDeps, segments: string[]): Promise<void> {
  const scope = await authenticate(c, d);
  const { poolId, jobId, query } = jobParams(segments, c.query, ['outcome']);
  const outcome = outcomeOf(query);
  const { job, poolName, blobKey } = await endedJobWithFile(d, scope, poolId, jobId);
  const fileName = `${jobId}-${outcome.toLowerCase()}.csv`;
  if (c.req.method === 'HEAD') {
    // What a GET checks before its first byte, but neither the log nor the file is read: no
    // Content-Length, as a GET's streamed answer has none (docs/extensions.md, "HEAD").
    startCsv(c, fileName);
    c.res.end();
    return;
  }
  const lines = await rowOutcomeLines(d.store.logs, scope, job, poolName, outcome);
  try {
    await streamRows(c, d, d.blobs.read(blobKey), new RowPicker(lines), fileName);
  } catch (e) {
    // Deleted between the check and the read (its pool was deleted meanwhile, say).
    if (e instanceof BlobNotFoundError) throw new PreconditionNotMetException(`The CSV file of import job ${jobId} is no longer kept, so its rows cannot be listed.`);
    throw e;
  }
}
