// `--output table`: aws-cli's TableFormatter (awscli/formatter.py), which builds sections
// from any value without the model: the operation name is the first title; a structure's
// scalar members make one row under their (sorted) keys, or a `key | value` row when there is
// only one; each list or structure member becomes a nested section titled with its key, one
// level deeper; a list of structures is one section with a row per element (repeated with its
// header for each element when the elements have nested members). Falsy values (None, 0, '',
// [], {}) print nothing. Drawing is in tableLayout.ts.
import { isObj, isScalar, sortedStr, truthy, type Obj } from './py';
import { drawTable, Section } from './tableLayout';

export function renderTable(value: unknown, title: string, terminalWidth: number, color: boolean): string {
  const b = new Builder();
  if (!b.build(title, value, 0)) return '';
  return drawTable(b.sections, terminalWidth, color);
}

class Builder {
  sections: Section[] = [];
  private current?: Section;

  private newSection(title: string | null, indentLevel: number): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indentLevel = indentLevel;
    this.sections.push(this.current);
  }

  private addRow(row: unknown[]): void {
    this.section().addRow(row);
  }

  private section(): Section {
    if (!this.current) throw new Error("'NoneType' object has no attribute 'add_row'");
    return this.current;
  }

  build(title: string | null, current: unknown, indentLevel = 0): boolean {
    if (!truthy(current)) return false;
    if (title !== null) this.newSection(title, indentLevel);
    if (Array.isArray(current)) {
      if (isObj(current[0])) {
        this.fromList(current, indentLevel, title);
      } else {
        for (const item of current) {
          if (isScalar(item)) this.addRow([item]);
          else if (!Array.isArray(item) || item.every(isScalar)) {
            // Python iterates a dict's keys: a structure here is a row of its key names.
            this.addRow(Array.isArray(item) ? item : Object.keys(item as Obj));
          } else {
            this.build(null, item);
          }
        }
      }
    }
    if (isObj(current)) this.fromDict(current, indentLevel);
    return true;
  }

  private fromDict(current: Obj, indentLevel: number): void {
    const [headers, more] = groupScalarKeys(current);
    if (headers.length === 1) {
      this.addRow([headers[0], current[headers[0]]]);
    } else if (headers.length > 0) {
      this.section().addHeader(headers);
      this.addRow(headers.map((k) => current[k]));
    }
    for (const k of more) this.build(k, current[k], indentLevel + 1);
  }

  private fromList(current: unknown[], indentLevel: number, title: string | null): void {
    const headerSet = new Set<string>();
    const moreSet = new Set<string>();
    for (const item of current) {
      const [h, m] = groupScalarKeys(asDict(item));
      h.forEach((x) => headerSet.add(x));
      m.forEach((x) => moreSet.add(x));
    }
    const headers = sortedStr(headerSet);
    const more = sortedStr(moreSet);
    this.section().addHeader(headers);
    let first = true;
    for (const x of current) {
      if (Array.isArray(x) && headers.length > 0) throw new TypeError("'list' object has no attribute 'get'");
      const el = asDict(x);
      if (!first && more.length > 0) {
        this.newSection(title, indentLevel);
        this.section().addHeader(headers);
      }
      first = false;
      this.addRow(headers.map((h) => (Object.hasOwn(el, h) ? el[h] : '')));
      for (const k of more) if (Object.hasOwn(el, k)) this.build(k, el[k], indentLevel + 1);
    }
  }
}

/** An element of a list of structures: Python copes with an empty list there, not with others. */
function asDict(v: unknown): Obj {
  if (isObj(v)) return v;
  if (Array.isArray(v) && v.length === 0) return {};
  throw new TypeError(`cannot draw ${JSON.stringify(v)} as a table row`);
}

/** A structure's keys split into those with scalar values and the rest, each sorted. */
function groupScalarKeys(current: Obj): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const k of Object.keys(current)) (isScalar(current[k]) ? headers : more).push(k);
  return [sortedStr(headers), sortedStr(more)];
}
