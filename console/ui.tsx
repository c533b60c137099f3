// Pieces every page uses: an error as the API gave it, a progress bar, a busy flag for actions.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { apiError, type ApiError } from './aws';

/** The API's error type and message, announced to screen readers as it appears. */
export function ErrorBox({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      <strong>{error.type}</strong>: {error.message}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return <p class="notice" role="status">{children}</p>;
}

/**
 * Runs one action at a time: busy while it runs (its button disabled), its error kept for
 * ErrorBox. The action's own result is left to it.
 */
export function useAction(): { busy: boolean; error: ApiError | undefined; run: (f: () => Promise<void>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError(apiError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}

/**
 * role="progressbar" with aria-valuenow/aria-valuemax when the total is known; without them
 * (indeterminate, with a text saying so) while it is not.
 */
export function ProgressBar({ label, done, total }: { label: string; done: number; total: number | undefined }) {
  const known = total !== undefined;
  const percent = !known ? 0 : total === 0 ? 100 : Math.min(100, (done / total) * 100);
  return (
    <div
      class={known ? 'bar' : 'bar unknown'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuenow={known ? done : undefined}
      aria-valuemax={known ? total : undefined}
      aria-valuetext={known ? `${done} of ${total} rows` : `${done} rows; the file's row count is not known yet`}
    >
      <div class="fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/**
 * For loads that can overlap (a search sent while the first page is still coming): each load
 * takes a ticket, and only the newest ticket's answer is shown, whatever order answers come in.
 */
export function useLatest(): () => () => boolean {
  const seq = useRef(0);
  return () => {
    const mine = ++seq.current;
    return () => mine === seq.current;
  };
}

export interface Pages {
  /** 1 for the first page. */
  page: number;
  /** The token this page was asked with (undefined for the first). */
  token: string | undefined;
  /** The token of the page after this one, when the API gave one. */
  next: string | undefined;
  setNext(token: string | undefined): void;
  /** Back to the first page (a new search or filter). */
  reset(): void;
  /** Moves on, or back; gives the token of the page to ask for. */
  forward(): string | undefined;
  back(): string | undefined;
}

/** A list the API gives a page at a time: the tokens of the pages seen, for Previous and Next. */
export function usePages(): Pages {
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string | undefined>();
  return {
    page: tokens.length, token: tokens[tokens.length - 1], next, setNext,
    // The next page's token goes too: a new search that fails leaves no Next to the old one.
    reset: () => {
      setTokens([undefined]);
      setNext(undefined);
    },
    forward: () => {
      setTokens([...tokens, next]);
      return next;
    },
    back: () => {
      const t = tokens.slice(0, -1);
      setTokens(t);
      return t[t.length - 1];
    },
  };
}

export function Pager({ pages, busy, onPage }: { pages: Pages; busy?: boolean; onPage: (token: string | undefined) => void }) {
  return (
    <div class="pager">
      {pages.page > 1 && <button type="button" class="secondary" disabled={busy} onClick={() => onPage(pages.back())}>Previous page</button>}
      {pages.next && <button type="button" class="secondary" disabled={busy} onClick={() => onPage(pages.forward())}>Next page</button>}
    </div>
  );
}
