// The console's frame: signed out, the sign-in page; signed in, a header (the key, the pages,
// Sign out) and the page the URL's fragment names.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { makeApi } from './aws';
import { href, useRoute, type Route } from './router';
import { clearSession, loadSession, saveSession, type Session } from './session';
import { Job } from './pages/Job';
import { Outbox } from './pages/Outbox';
import { Pool } from './pages/Pool';
import { Pools } from './pages/Pools';
import { SignIn } from './pages/SignIn';
import { Users } from './pages/Users';
import type { Api } from './aws';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const api = useMemo(() => (session ? makeApi(session) : undefined), [session]);
  const route = useRoute();
  const main = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  // A new page: its title, and (after a link, not on load) focus at its start for keyboard and
  // screen reader users, as a page load would put them there.
  useEffect(() => {
    document.title = `${titleOf(route)} · cognito-import console`;
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [route]);

  if (!session || !api) {
    return <SignIn onSignedIn={(s) => { saveSession(s); setSession(s); }} />;
  }
  const signOut = (): void => {
    clearSession();
    setSession(undefined);
    location.hash = href.pools();
  };
  return (
    <>
      <a class="skip" href="#content">Skip to content</a>
      <header class="top">
        <a class="brand" href={href.pools()}>cognito-import</a>
        <nav aria-label="Pages">
          <a href={href.pools()} aria-current={route.page === 'pools' ? 'page' : undefined}>User pools</a>
          <a href={href.outbox()} aria-current={route.page === 'outbox' ? 'page' : undefined}>Outbox</a>
        </nav>
        <span class="who">{session.accessKeyId} · {session.region}</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <div id="content" tabIndex={-1} ref={main}>
        <Page route={route} api={api} />
      </div>
    </>
  );
}

function Page({ route, api }: { route: Route; api: Api }) {
  switch (route.page) {
    case 'pool': return <Pool key={route.poolId} api={api} poolId={route.poolId} />;
    case 'job': return <Job key={`${route.poolId}/${route.jobId}`} api={api} poolId={route.poolId} jobId={route.jobId} />;
    case 'users': return <Users key={route.poolId} api={api} poolId={route.poolId} />;
    case 'outbox': return <Outbox api={api} />;
    default: return <Pools api={api} />;
  }
}

function titleOf(r: Route): string {
  switch (r.page) {
    case 'pool': return `User pool ${r.poolId}`;
    case 'job': return `Import job ${r.jobId}`;
    case 'users': return `Users of ${r.poolId}`;
    case 'outbox': return 'Outbox';
    default: return 'User pools';
  }
}
