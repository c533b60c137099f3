// The CSV rules of a user import job (spec sections 3, 4, 6 and 8): each data row to a UserDraft
// or a failure reason, by the RowPlan checkHeader made (csvHeader.ts). Pure: no I/O, no store,
// no clock. checkRow runs once per row (up to 500,000 per job): every reason is a finished string
// in the plan, and no reason holds text from the file (its log must carry no user data).
import type { UserDraft } from './user';
import { usernameKey } from './user';
import { firstQuotedCell, splitCells } from './csvLine';
import {
  AUTO_VERIFIED_REASON, BARE_CR_REASON, EMAIL_CHARS, EMAIL_NEEDED, EMPTY_ROW_REASON, MFA_FALSE_ON, MFA_TRUE_OFF, PHONE_NEEDED,
  ROW_TOO_LONG_REASON, USERNAME_CHARS,
} from './csvMessages';
import { longerThan, shorterThan } from './text';
import { importedHashProblem } from './importedHashForms';
import { emailProblem, EPOCH_RE, NUMBER_RE, PHONE_RE, isBirthdate, isDateTime, normalizeBoolean, usernameProblem } from './csvFormats';
import {
  BIRTHDATE, BOOLEAN, DATETIME, EMAIL, EPOCH, HASH, MAX_ROW_CHARS, MAX_USERNAME_CHARS, MFA, MFA_OFF, MFA_ON, NUMBER, PHONE, STRING, USERNAME,
  type RowPlan,
} from './csvHeader';

export {
  checkHeader, MAX_ROW_CHARS, MAX_USERNAME_CHARS, MAX_VALUE_CHARS, PASSWORD_HASH_COLUMN, type HeaderCheck, type ImportSettings, type RowPlan,
} from './csvHeader';
export { AUTO_VERIFIED_REASON, BARE_CR_REASON, EMPTY_ROW_REASON, ROW_TOO_LONG_REASON };

const QUOTE = 34;

export type RowCheck = { ok: true; user: UserDraft } | { ok: false; reason: string };

function failed(reason: string): RowCheck {
  return { ok: false, reason };
}

function cellCountReason(cells: string[], plan: RowPlan): string {
  if (cells.length === 1 && cells[0].trim() === '') return EMPTY_ROW_REASON;
  const q = firstQuotedCell(cells);
  if (q !== -1 && q < plan.columns) return plan.reasons[q].quote;
  const values = cells.length === 1 ? 'value' : 'values';
  return `The row has ${cells.length} ${values} but the header has ${plan.columns} columns. `
    + `Write a comma inside a value as \\,${plan.commaHint}.`;
}

export function checkRow(line: string, plan: RowPlan): RowCheck {
  if (longerThan(line, MAX_ROW_CHARS)) return failed(ROW_TOO_LONG_REASON);
  // LF ends a line and the CR of a CRLF is gone: any CR left is a line ending of another kind.
  if (line.indexOf('\r') !== -1) return failed(BARE_CR_REASON);
  const cells = splitCells(line);
  const n = plan.columns;
  if (cells.length !== n) return failed(cellCountReason(cells, plan));
  const { kinds, minLen, maxLen, hasRange, minVal, maxVal, emptyReason, reasons } = plan;

  for (let i = 0; i < n; i++) {
    const v = cells[i].trim();
    cells[i] = v;
    if (v.length === 0) {
      const r = emptyReason[i];
      if (r !== null) return failed(r);
      continue;
    }
    if (v.charCodeAt(0) === QUOTE) return failed(reasons[i].quote);
    switch (kinds[i]) {
      case STRING: break;
      case EMAIL: {
        const p = emailProblem(v);
        if (p !== 0) return failed(p === 1 ? reasons[i].format : EMAIL_CHARS);
        break;
      }
      case PHONE: if (!PHONE_RE.test(v)) return failed(reasons[i].format); break;
      case BIRTHDATE: if (!isBirthdate(v)) return failed(reasons[i].format); break;
      case EPOCH: if (!EPOCH_RE.test(v)) return failed(reasons[i].format); break;
      case NUMBER: if (!NUMBER_RE.test(v)) return failed(reasons[i].format); break;
      case DATETIME: if (!isDateTime(v)) return failed(reasons[i].format); break;
      case BOOLEAN: {
        const b = normalizeBoolean(v);
        if (b === null) return failed(reasons[i].format);
        cells[i] = b;
        continue;
      }
      case USERNAME: {
        if (longerThan(v, MAX_USERNAME_CHARS)) return failed(reasons[i].long);
        const p = usernameProblem(v);
        if (p !== 0) return failed(p === 1 ? reasons[i].format : USERNAME_CHARS);
        continue;
      }
      case MFA: {
        const b = normalizeBoolean(v);
        if (b === null) return failed(reasons[i].format);
        if (b === 'true' ? plan.mfa === MFA_OFF : plan.mfa === MFA_ON) return failed(b === 'true' ? MFA_TRUE_OFF : MFA_FALSE_ON);
        cells[i] = b;
        continue;
      }
      case HASH: {
        const p = importedHashProblem(v, plan.hashAlgorithm!);
        if (p !== 0) return failed(plan.hashReasons[p]);
        continue;
      }
    }
    if (shorterThan(v, minLen[i])) return failed(reasons[i].short);
    if (longerThan(v, maxLen[i])) return failed(reasons[i].long);
    if (hasRange[i] === 1) {
      const x = +v;
      if (x < minVal[i]) return failed(reasons[i].low);
      if (x > maxVal[i]) return failed(reasons[i].high);
    }
  }

  const av = plan.autoVerifiedCols;
  let verified = false;
  for (let k = 0; k < av.length; k++) if (av[k] !== -1 && cells[av[k]] === 'true') { verified = true; break; }
  if (!verified) return failed(AUTO_VERIFIED_REASON);
  if (plan.emailVerifiedCol !== -1 && cells[plan.emailVerifiedCol] === 'true' && cells[plan.emailCol] === '') {
    return failed(EMAIL_NEEDED);
  }
  if (plan.phoneVerifiedCol !== -1 && cells[plan.phoneVerifiedCol] === 'true' && cells[plan.phoneCol] === '') {
    return failed(PHONE_NEEDED);
  }
  return { ok: true, user: draftOf(cells, plan) };
}

function draftOf(cells: string[], plan: RowPlan): UserDraft {
  const attributes: [string, string][] = [];
  const { attrCols, attrNames } = plan;
  for (let k = 0; k < attrCols.length; k++) {
    const v = cells[attrCols[k]];
    if (v !== '') attributes.push([attrNames[k], v]);
  }
  const aliases: UserDraft['aliases'] = [];
  for (let k = 0; k < plan.aliases.length; k++) {
    const a = plan.aliases[k];
    const v = a.col === -1 ? '' : cells[a.col];
    if (v === '' || (a.verifiedCol !== -1 && cells[a.verifiedCol] !== 'true')) continue;
    aliases.push({ kind: a.kind, value: a.lower ? v.toLowerCase() : v });
  }
  const username = cells[plan.usernameCol];
  const key = usernameKey(username, plan.caseSensitive);
  if (plan.hashCol === -1) return { username, usernameKey: key, attributes, aliases, status: 'RESET_REQUIRED' };
  return { username, usernameKey: key, attributes, aliases, status: 'CONFIRMED', passwordHash: cells[plan.hashCol] };
}

