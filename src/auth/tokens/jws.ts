// Compact RS256 JWS, written as Cognito writes its tokens: a header of kid then alg (no typ),
// members in the order given, and every '/' escaped as '\/' (a Java JSON writer's habit: the
// published tokens have "iss":"https:\/\/cognito-idp...", and a kid with a '/' in it escaped in
// the header too). Signed with node:crypto rather than a JWT library so those bytes are ours to
// choose; verification goes through jose (verify.ts).
import { sign, type KeyObject } from 'node:crypto';

export type JsonEntries = [string, unknown][];

/** A JSON object from entries in order, '/' escaped. JSON.stringify puts '/' only inside strings, so escaping every one is safe. */
export function cognitoJson(entries: JsonEntries): string {
  const body = entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',');
  return `{${body}}`.replace(/\//g, '\\/');
}

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** `<header>.<payload>.<signature>`: RSASSA-PKCS1-v1_5 with SHA-256 (RS256). */
export function signRs256(kid: string, claims: JsonEntries, key: KeyObject): string {
  const input = `${b64url(cognitoJson([['kid', kid], ['alg', 'RS256']]))}.${b64url(cognitoJson(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}
