// Pages by the URL's fragment (#/pools/<id>/jobs/<id>): the server serves one index.html at
// /console/, so every page is a link that can be opened in another tab, kept, or reloaded.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'pools' }
  | { page: 'pool'; poolId: string }
  | { page: 'job'; poolId: string; jobId: string }
  | { page: 'users'; poolId: string }
  | { page: 'outbox' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'outbox') return { page: 'outbox' };
  if (parts[0] === 'pools' && parts[1]) {
    if (parts[2] === 'jobs' && parts[3]) return { page: 'job', poolId: parts[1], jobId: parts[3] };
    if (parts[2] === 'users') return { page: 'users', poolId: parts[1] };
    return { page: 'pool', poolId: parts[1] };
  }
  return { page: 'pools' };
}

const e = encodeURIComponent;

export const href = {
  pools: (): string => '#/',
  pool: (poolId: string): string => `#/pools/${e(poolId)}`,
  job: (poolId: string, jobId: string): string => `#/pools/${e(poolId)}/jobs/${e(jobId)}`,
  users: (poolId: string): string => `#/pools/${e(poolId)}/users`,
  outbox: (): string => '#/outbox',
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => {
      const next = parseRoute(location.hash);
      setRoute((now) => (JSON.stringify(now) === JSON.stringify(next) ? now : next));
    };
    addEventListener('hashchange', onChange);
    // The fragment may have changed between the first render and this effect (run after paint):
    // no listener heard that hashchange, so the page would stay on the route it first read.
    onChange();
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
