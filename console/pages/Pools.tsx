// The user pools of the key's account: a page of them at a time, create one (auto-verified and
// custom attributes), delete one after a confirmation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { DeleteUserPoolCommand, ListUserPoolsCommand, type UserPoolDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api } from '../aws';
import { when } from '../format';
import { href } from '../router';
import { ErrorBox, Notice, Pager, useAction, useLatest, usePages } from '../ui';
import { CreatePool } from './CreatePool';

const PAGE = 60;

export function Pools({ api }: { api: Api }) {
  const [pools, setPools] = useState<UserPoolDescriptionType[] | undefined>();
  const pages = usePages();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useAction();
  const ticket = useLatest();

  const show = (token: string | undefined): Promise<void> => load.run(async () => {
    const newest = ticket();
    const r = await api.cognito.send(new ListUserPoolsCommand({ MaxResults: PAGE, NextToken: token }));
    if (!newest()) return;
    setPools(r.UserPools ?? []);
    pages.setNext(r.NextToken);
  });

  useEffect(() => {
    void show(undefined);
  }, [api]);

  const reload = (message: string): void => {
    setNotice(message);
    pages.reset();
    void show(undefined);
  };

  return (
    <main>
      <h1>User pools</h1>
      <CreatePool api={api} onCreated={(p) => reload(`Created user pool ${p.Name} (${p.Id}).`)} />
      <section aria-labelledby="pools-title">
        <h2 id="pools-title">Your user pools</h2>
        {notice && <Notice>{notice}</Notice>}
        <ErrorBox error={load.error} />
        {pools && pools.length === 0 && <p>No user pool yet.</p>}
        {pools && pools.length > 0 && (
          <div class="scroll">
            <table>
              <thead><tr><th scope="col">Name</th><th scope="col">ID</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {pools.map((p) => <PoolRow key={p.Id} api={api} pool={p} onDeleted={() => reload(`Deleted user pool ${p.Name} (${p.Id}).`)} />)}
              </tbody>
            </table>
          </div>
        )}
        <Pager pages={pages} busy={load.busy} onPage={(t) => void show(t)} />
      </section>
    </main>
  );
}

function PoolRow({ api, pool, onDeleted }: { api: Api; pool: UserPoolDescriptionType; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const del = useAction();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <tr>
      <td><a href={href.pool(pool.Id!)}>{pool.Name}</a></td>
      <td><code>{pool.Id}</code></td>
      <td>{when(pool.CreationDate)}</td>
      <td>
        {!confirming && <button type="button" class="danger" aria-label={`Delete ${pool.Name}`} onClick={() => setConfirming(true)}>Delete</button>}
        {confirming && (
          <div class="confirm" role="group" aria-label={`Confirm deleting ${pool.Name}`}>
            <p>Delete user pool {pool.Name} with its users and import jobs? This cannot be undone.</p>
            <button type="button" class="danger" ref={confirmRef} disabled={del.busy} onClick={() => void del.run(async () => {
              await api.cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id! }));
              onDeleted();
            })}>Delete user pool</button>
            <button type="button" class="secondary" onClick={() => { setConfirming(false); del.clear(); }}>Cancel</button>
            <ErrorBox error={del.error} />
          </div>
        )}
      </td>
    </tr>
  );
}
