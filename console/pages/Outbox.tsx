// The messages the local server sent (invitations, codes): the server's extension route, the
// same list `cognito-import outbox` prints, limited to the key's account, a page at a time
// (60 a page, oldest first; docs/extensions.md). A page's token is bound to the filters it was
// given with, so Previous and Next keep the filters of the shown page.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../aws';
import { ErrorBox, Pager, useAction, useLatest, usePages } from '../ui';

interface Message {
  Time: string;
  UserPoolId: string;
  Username: string;
  Kind: string;
  Medium: string;
  Destination: string;
  Subject?: string;
  Code?: string;
  Body?: string;
  File?: string;
}

export function Outbox({ api }: { api: Api }) {
  const [poolId, setPoolId] = useState('');
  const [username, setUsername] = useState('');
  const [messages, setMessages] = useState<Message[] | undefined>();
  const [shown, setShown] = useState({ poolId: '', username: '' });
  const pages = usePages();
  const load = useAction();
  const ticket = useLatest();
  const show = (filter: { poolId: string; username: string }, token: string | undefined): Promise<void> => load.run(async () => {
    const newest = ticket();
    const query = { UserPoolId: filter.poolId, Username: filter.username, NextToken: token };
    const r = await (await api.ext('/outbox', query)).json() as { Messages?: Message[]; NextToken?: string };
    if (!newest()) return;
    setShown(filter);
    setMessages(r.Messages ?? []);
    pages.setNext(r.NextToken);
  });
  const search = (): Promise<void> => {
    pages.reset();
    return show({ poolId: poolId.trim(), username: username.trim() }, undefined);
  };
  useEffect(() => {
    void search();
  }, [api]);
  return (
    <main>
      <h1>Outbox</h1>
      <p>The invitations and codes this server sent, oldest first, 60 a page, as <code>cognito-import outbox</code> lists them.</p>
      <form class="panel row" role="search" aria-label="Filter messages" onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <label>
          User pool ID
          <input value={poolId} onInput={(e) => setPoolId(e.currentTarget.value)} />
        </label>
        <label>
          Username
          <input value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={load.busy}>Show messages</button>
      </form>
      <ErrorBox error={load.error} />
      {messages && messages.length === 0 && <p role="status">{pages.page > 1 ? 'No more message.' : 'No message.'}</p>}
      {messages && messages.length > 0 && (
        <div class="scroll">
          <table>
            <thead><tr>{['Time', 'User pool', 'Username', 'Kind', 'Medium', 'Destination', 'Subject', 'Code'].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.File ?? `${m.Time}-${m.Username}`}>
                  <td>{m.Time}</td><td><code>{m.UserPoolId}</code></td><td>{m.Username}</td><td>{m.Kind}</td>
                  <td>{m.Medium}</td><td>{m.Destination}</td><td>{m.Subject ?? ''}</td><td><code>{m.Code ?? ''}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} busy={load.busy} onPage={(t) => void show(shown, t)} />
    </main>
  );
}
