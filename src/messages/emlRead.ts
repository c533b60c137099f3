// Reads back what src/messages/eml.ts writes: a single-part text message (RFC 5322), its header
// fields unfolded and their encoded-words decoded (RFC 2047), its body decoded per its
// Content-Transfer-Encoding (RFC 2045 section 6: 7bit, 8bit, quoted-printable, base64) and
// charset. No mail parser is a dependency of the server, and this format needs no more.

export interface ParsedEml {
  /** Each field once, by its lower-cased name: the first occurrence, decoded. */
  headers: Map<string, string>;
  /** The body's text, lines ending in "\n", without the line break that ends the message. */
  body: string;
}

/** RFC 2047 section 2: =?charset?encoding?encoded-text?= */
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.split('*')[0].trim() || 'utf-8').decode(bytes); // RFC 2231: charset*language
  } catch {
    return bytes.toString('utf8'); // a charset Node does not know
  }
}

/** Q encoding (RFC 2047 section 4.2): "_" is a space, =XX a byte. */
function qBytes(text: string): Buffer {
  return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
}

/**
 * Decodes the encoded-words of a header value. Adjacent encoded-words are one text (the space
 * between them is not part of it, RFC 2047 section 6.2), and their bytes are joined before the
 * charset is decoded: an encoder may split a character's bytes across two words.
 */
export function decodeWords(value: string): string {
  let out = '';
  let last = 0;
  let pending: { charset: string; parts: Buffer[] } | undefined;
  const flush = (): void => {
    if (pending) out += decodeCharset(Buffer.concat(pending.parts), pending.charset);
    pending = undefined;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, m.index);
    if (!(pending && /^[ \t]*$/.test(between))) {
      flush();
      out += between;
    }
    const charset = m[1].toLowerCase();
    const bytes = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : qBytes(m[3]);
    if (pending && pending.charset !== charset) flush();
    pending ??= { charset, parts: [] };
    pending.parts.push(bytes);
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Quoted-printable (RFC 2045 section 6.7): "=" at a line's end is a soft break, =XX a byte. */
function quotedPrintableBytes(text: string): Buffer {
  const unfolded = text.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  return Buffer.from(unfolded.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
}

/** Where the header section ends: the first empty line (RFC 5322 section 2.1). */
function splitAt(bytes: Buffer): { head: string; body: Buffer } {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return { head: bytes.toString('utf8'), body: Buffer.alloc(0) };
  const [at, sep] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  return { head: bytes.subarray(0, at).toString('utf8'), body: bytes.subarray(at + sep) };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Unfolding (RFC 5322 section 2.2.3): a line break followed by white space is removed.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** A message's bytes as its header fields and its body's text. */
export function parseEml(bytes: Buffer): ParsedEml {
  const { head, body } = splitAt(bytes);
  const headers = parseHeaders(head);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const raw = encoding === 'base64' ? Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64')
    : encoding === 'quoted-printable' ? quotedPrintableBytes(body.toString('latin1'))
      : body;
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  // The composer ends the body with a line break when it has none (eml.ts): one is not the text's.
  const text = decodeCharset(raw, charset).replace(/\r\n/g, '\n').replace(/\n$/, '');
  return { headers, body: text };
}
