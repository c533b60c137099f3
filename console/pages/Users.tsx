// A pool's users: ListUsers with its Filter (one attribute, exact or prefix), a page at a time,
// and one user's attributes and status (AdminGetUser).
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AdminGetUserCommand, ListUsersCommand, type AdminGetUserCommandOutput, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api } from '../aws';
import { when } from '../format';
import { href } from '../router';
import { ErrorBox, Pager, useAction, useLatest, usePages } from '../ui';
import { usePool } from './Pool';

/** The attributes ListUsers filters on (the API's list). */
const FILTERABLE = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub'];
const PAGE = 60;

/** `email ^= "ann"`: the value in double quotes, a quote or backslash in it escaped. */
export const filterOf = (attribute: string, op: string, value: string): string | undefined =>
  (value === '' ? undefined : `${attribute} ${op} "${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`);

const attr = (u: { Attributes?: { Name?: string; Value?: string }[] }, name: string): string => u.Attributes?.find((a) => a.Name === name)?.Value ?? '';

export function Users({ api, poolId }: { api: Api; poolId: string }) {
  const { pool, error: poolError } = usePool(api, poolId);
  const [filter, setFilter] = useState<string | undefined>();
  const pages = usePages();
  const [users, setUsers] = useState<UserType[] | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const load = useAction();
  const ticket = useLatest();

  const show = (f: string | undefined, token: string | undefined): Promise<void> => load.run(async () => {
    const newest = ticket();
    const r = await api.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: f, Limit: PAGE, PaginationToken: token }));
    if (!newest()) return;
    setUsers(r.Users ?? []);
    pages.setNext(r.PaginationToken);
  });

  useEffect(() => {
    void show(undefined, undefined);
  }, [api, poolId]);

  const search = (f: string | undefined): void => {
    setFilter(f);
    pages.reset();
    setSelected(undefined);
    void show(f, undefined);
  };

  return (
    <main>
      <p class="crumbs"><a href={href.pools()}>User pools</a> / <a href={href.pool(poolId)}>{pool?.Name ?? poolId}</a> / Users</p>
      <h1>Users of {pool?.Name ?? poolId}</h1>
      <ErrorBox error={poolError} />
      <UserSearch busy={load.busy} onSearch={search} />
      <ErrorBox error={load.error} />
      {users && <p role="status">{users.length === 0 ? 'No user matches.' : `${users.length} users on this page${filter ? ` matching ${filter}` : ''}.`}</p>}
      {users && users.length > 0 && <UserTable users={users} selected={selected} onSelect={setSelected} />}
      <Pager pages={pages} busy={load.busy} onPage={(t) => void show(filter, t)} />
      {selected !== undefined && <UserDetails api={api} poolId={poolId} username={selected} />}
    </main>
  );
}

/** One attribute, exact or prefix: ListUsers' Filter (none for an empty value). */
function UserSearch({ busy, onSearch }: { busy: boolean; onSearch: (filter: string | undefined) => void }) {
  const [attribute, setAttribute] = useState('email');
  const [op, setOp] = useState('^=');
  const [value, setValue] = useState('');
  return (
    <form role="search" class="panel row" aria-label="Search users" onSubmit={(e) => { e.preventDefault(); onSearch(filterOf(attribute, op, value)); }}>
      <label>
        Attribute
        <select value={attribute} onChange={(e) => setAttribute(e.currentTarget.value)}>
          {FILTERABLE.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label>
        Match
        <select value={op} onChange={(e) => setOp(e.currentTarget.value)}>
          <option value="^=">starts with</option>
          <option value="=">is exactly</option>
        </select>
      </label>
      <label>
        Value
        <input type="search" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>Search users</button>
    </form>
  );
}

function UserTable({ users, selected, onSelect }: { users: UserType[]; selected: string | undefined; onSelect: (username: string | undefined) => void }) {
  return (
    <div class="scroll">
      <table>
        <thead><tr><th scope="col">Username</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Enabled</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.Username}>
              <td><button type="button" class="link" aria-expanded={selected === u.Username} onClick={() => onSelect(u.Username)}>{u.Username}</button></td>
              <td>{attr(u, 'email')}</td>
              <td>{u.UserStatus}</td>
              <td>{u.Enabled ? 'yes' : 'no'}</td>
              <td>{when(u.UserCreateDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserDetails({ api, poolId, username }: { api: Api; poolId: string; username: string }) {
  const [user, setUser] = useState<AdminGetUserCommandOutput | undefined>();
  const load = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setUser(undefined);
    void load.run(async () => {
      setUser(await api.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })));
      heading.current?.focus();
    });
  }, [username]);
  return (
    <section class="panel" aria-labelledby="user-title">
      <h2 id="user-title" tabIndex={-1} ref={heading}>User {username}</h2>
      <ErrorBox error={load.error} />
      {user && (
        <dl class="facts">
          <dt>Status</dt><dd>{user.UserStatus}</dd>
          <dt>Enabled</dt><dd>{user.Enabled ? 'yes' : 'no'}</dd>
          <dt>Created</dt><dd>{when(user.UserCreateDate)}</dd>
          <dt>Last modified</dt><dd>{when(user.UserLastModifiedDate)}</dd>
          {(user.UserAttributes ?? []).map((a) => <Fragment key={a.Name}><dt>{a.Name}</dt><dd>{a.Value}</dd></Fragment>)}
        </dl>
      )}
    </section>
  );
}
