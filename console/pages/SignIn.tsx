// Sign-in: an access key typed in, checked with one ListUserPools call before it is kept (in this
// tab's sessionStorage only). On the zero-config local server, the server's own key is offered
// too, only to a page opened on this machine with the link `serve` printed (docs/console.md).
// The secret is a text field masked by style, not a password field, and every field says
// autocomplete off: a password field in a form is what browsers and password managers offer to
// save, and the key is to be kept in this tab only.
import { useEffect, useState } from 'preact/hooks';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { makeApi } from '../aws';
import { fetchLocalKey, hasConsoleToken, type LocalKey } from '../localKey';
import type { Session } from '../session';
import { ErrorBox, useAction } from '../ui';

/** Text fields no browser or password manager offers to remember (the data-* are 1Password's, LastPass's and Bitwarden's). */
const NOT_SAVED = { type: 'text', autocomplete: 'off', spellcheck: false, autocapitalize: 'off',
  'data-1p-ignore': '', 'data-lpignore': 'true', 'data-bwignore': '' } as const;

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecret] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const action = useAction();

  const signIn = (s: Session): Promise<void> => action.run(async () => {
    // The key is kept only once the API has taken it.
    await makeApi(s).cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    onSignedIn(s);
  });

  const submit = (e: Event): void => {
    e.preventDefault();
    void signIn({ accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim(), region: region.trim() });
  };

  return (
    <main class="narrow">
      <h1>Sign in</h1>
      <p>
        The console calls this server's API as the aws CLI does, signing each request in this browser with an access
        key. The key stays in this tab's session storage and is forgotten when you sign out or close the tab.
      </p>
      <form onSubmit={submit} class="stack" autocomplete="off">
        <label>
          Access key ID
          <input name="accessKeyId" {...NOT_SAVED} required value={accessKeyId}
            onInput={(e) => setAccessKeyId(e.currentTarget.value)} />
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" class="secret" {...NOT_SAVED} required value={secretAccessKey}
            onInput={(e) => setSecret(e.currentTarget.value)} />
        </label>
        <label>
          Region
          <input name="region" {...NOT_SAVED} required value={region} onInput={(e) => setRegion(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={action.busy}>Sign in</button>
      </form>
      <ErrorBox error={action.error} />
      <LocalKeyOffer busy={action.busy} onUse={(k) => void signIn({ accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey, region: k.Region })} />
    </main>
  );
}

/** The server's own key, when the page was opened with a console link that offers it; otherwise where to find one. */
function LocalKeyOffer({ busy, onUse }: { busy: boolean; onUse: (k: LocalKey) => void }) {
  const [localKey, setLocalKey] = useState<LocalKey | 'refused' | undefined>();
  useEffect(() => {
    if (hasConsoleToken()) void fetchLocalKey().then((k) => setLocalKey(k ?? 'refused'));
  }, []);
  if (!hasConsoleToken()) {
    return (
      <p class="hint">
        Running <code>cognito-import serve</code> with no key configured? Open the console with the link it printed
        (<code>Web console: …/console/#token=…</code>) on this machine to use the server's own key.
      </p>
    );
  }
  if (localKey === 'refused') {
    return (
      <p class="hint" role="status">
        This console link offers no key: it was used already (a link is good once; the server prints the next one
        when it is used), the server was restarted since, or this page is not opened on the server's machine.
      </p>
    );
  }
  if (!localKey) return null;
  return (
    <section class="panel" aria-labelledby="local-key-title">
      <h2 id="local-key-title">This server's own key</h2>
      <p>
        No access key was configured for this server, so it made its own ({localKey.AccessKeyId}). It offers that
        key to this page only because the page was opened on this machine (a loopback address) with the link the
        server printed; from any other address, or without that link, it is not offered.
      </p>
      <button type="button" disabled={busy} onClick={() => onUse(localKey)}>Use this server's own key</button>
    </section>
  );
}
