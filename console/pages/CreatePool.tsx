// CreateUserPool with what an import needs to be decided up front: the attributes Cognito
// verifies by itself (an import needs at least one, spec section 3) and custom attributes.
import { useState } from 'preact/hooks';
import { CreateUserPoolCommand, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Api } from '../aws';
import { ErrorBox, useAction } from '../ui';

interface CustomAttribute {
  name: string;
  type: 'String' | 'Number';
}

export function CreatePool({ api, onCreated }: { api: Api; onCreated: (p: UserPoolType) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState(true);
  const [phone, setPhone] = useState(false);
  const [custom, setCustom] = useState<CustomAttribute[]>([]);
  const create = useAction();

  const setAttr = (i: number, change: Partial<CustomAttribute>): void => setCustom(custom.map((c, j) => (j === i ? { ...c, ...change } : c)));

  const submit = (e: Event): void => {
    e.preventDefault();
    void create.run(async () => {
      const r = await api.cognito.send(new CreateUserPoolCommand({
        PoolName: name.trim(),
        AutoVerifiedAttributes: [...(email ? ['email' as const] : []), ...(phone ? ['phone_number' as const] : [])],
        Schema: custom.length ? custom.map((c) => ({ Name: c.name.trim(), AttributeDataType: c.type, Mutable: true })) : undefined,
      }));
      setName('');
      setCustom([]);
      onCreated(r.UserPool!);
    });
  };

  return (
    <form class="panel stack" onSubmit={submit} aria-labelledby="create-pool-title">
      <h2 id="create-pool-title">Create a user pool</h2>
      <label>
        Pool name
        <input name="poolName" required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>Auto-verified attributes</legend>
        <label class="inline"><input type="checkbox" checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} /> email</label>
        <label class="inline"><input type="checkbox" checked={phone} onChange={(e) => setPhone(e.currentTarget.checked)} /> phone_number</label>
      </fieldset>
      <fieldset>
        <legend>Custom attributes</legend>
        {custom.length === 0 && <p class="hint">None. Each becomes a custom:name column of the pool's CSV header.</p>}
        {custom.map((c, i) => (
          <div class="row" key={i}>
            <label>
              Custom attribute {i + 1} name
              <input required maxLength={20} value={c.name} onInput={(e) => setAttr(i, { name: e.currentTarget.value })} />
            </label>
            <label>
              Custom attribute {i + 1} type
              <select value={c.type} onChange={(e) => setAttr(i, { type: e.currentTarget.value as CustomAttribute['type'] })}>
                <option value="String">String</option>
                <option value="Number">Number</option>
              </select>
            </label>
            <button type="button" class="secondary" onClick={() => setCustom(custom.filter((_, j) => j !== i))}>Remove custom attribute {i + 1}</button>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setCustom([...custom, { name: '', type: 'String' }])}>Add a custom attribute</button>
      </fieldset>
      <button type="submit" disabled={create.busy}>Create user pool</button>
      <ErrorBox error={create.error} />
    </form>
  );
}
