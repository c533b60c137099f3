// The signed-in key: in this tab's sessionStorage only (the rule, docs/console.md), so it
// is gone when the tab closes, never shared with other tabs, and cleared on sign-out.
export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const STORAGE_KEY = 'cognito-import-console-key';

export function loadSession(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    if (s && typeof s.accessKeyId === 'string' && typeof s.secretAccessKey === 'string' && typeof s.region === 'string') {
      return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: s.region };
    }
  } catch {
    // Storage refused (privacy settings) or a damaged value: signed out.
  }
  return undefined;
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
}

/** Sign-out: the key and everything this tab remembered about its jobs. */
export function clearSession(): void {
  sessionStorage.clear();
}
