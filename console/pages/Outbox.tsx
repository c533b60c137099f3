// The messages the local server sent (invitations, codes): the server's extension route, the
// same list `cognito-import outbox` prints, limited to the key's account.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../aws';
import { ErrorBox, useAction, useLatest } from '../ui';

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
  const load = useAction();
  const ticket = useLatest();
  const show = (): Promise<void> => load.run(async () => {
    const newest = ticket();
    const r = await (await api.ext('/outbox', { UserPoolId: poolId.trim(), Username: username.trim() })).json() as { Messages?: Message[] };
    if (!newest()) return;
    setMessages(r.Messages ?? []);
  });
  useEffect(() => {
    void show();
  }, [api]);
  return (
    <main>
      <h1>Outbox</h1>
      <p>The invitations and codes this server sent, newest last, as <code>cognito-import outbox</code> lists them.</p>
      <form class="panel row" role="search" aria-label="Filter messages" onSubmit={(e) => { e.preventDefault(); void show(); }}>
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
      {messages && messages.length === 0 && <p role="status">No message.</p>}
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
    </main>
  );
}
