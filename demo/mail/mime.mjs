// A small MIME reader for the mails the idp sends (idp/mail/mime.cpp) and for what tests send: header folding,
// RFC 2047 encoded words (B and Q), multipart bodies (nested too), base64 and quoted-printable, charsets.
// No dependency, so that the demo's mail catcher and the integration tests read mails the same way.
//
//   parseMessage(raw) → { headers, headerList, from, to, subject, date, text, html, links }
//
// headers maps lower-case names to the decoded value of their first occurrence; headerList keeps them all, in
// order, as [name, value]; date is the Date header as a Date (undefined when absent or unreadable).
//
// text and html are decoded strings with LF line ends; links are the http(s) URLs of the text part (of the
// HTML part when the mail has no text part), in order, without duplicates.

// Decodes bytes in a charset TextDecoder knows (utf-8, iso-8859-*, windows-125x...); unknown labels as utf-8.
function decodeBytes(bytes, charset = 'utf-8') {
    let decoder;
    try {
        decoder = new TextDecoder(charset);
    } catch {
        decoder = new TextDecoder('utf-8');
    }
    return decoder.decode(bytes);
}

// The message is handled as a "binary string" (latin1: one character per byte) until a charset is known.
const bytesOf = (binary) => Buffer.from(binary, 'latin1');

function encodedWordBytes(encoding, text) {
    if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
    // Q (RFC 2047 §4.2): "_" is a space, =XX a byte.
    return bytesOf(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
}

const kEncodedWord = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

// RFC 2047 §6.2: white space between adjacent encoded words is dropped. Adjacent words in one charset are
// decoded together, since encoders may cut a multi-byte character between two words.
export function decodeHeaderValue(value) {
    let out = '';
    let run; // { charset, chunks } of the encoded words not decoded yet
    let last = 0;
    const flush = () => {
        if (run) out += decodeBytes(Buffer.concat(run.chunks), run.charset);
        run = undefined;
    };
    for (const m of value.matchAll(kEncodedWord)) {
        const between = value.slice(last, m.index);
        if (!run || !/^[ \t]*$/.test(between)) {
            flush();
            out += between;
        }
        const charset = m[1].split('*')[0].toLowerCase(); // RFC 2231 §5: charset*language
        if (run && run.charset !== charset) flush();
        run ??= { charset, chunks: [] };
        run.chunks.push(encodedWordBytes(m[2], m[3]));
        last = m.index + m[0].length;
    }
    flush();
    return out + value.slice(last);
}

// Header block → [[name, value]] in order. Unfolding (RFC 5322 §2.2.3) removes the line break, keeps the blank.
// Raw 8-bit header bytes are read as UTF-8 (RFC 6532).
function parseHeaderBlock(block) {
    const list = [];
    for (const line of block.replace(/\n(?=[ \t])/g, '').split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const value = bytesOf(line.slice(colon + 1).trim()).toString('utf8');
        list.push([line.slice(0, colon).trim(), decodeHeaderValue(value)]);
    }
    return list;
}

// "text/html; charset=\"utf-8\"" → { type: 'text/html', params: { charset: 'utf-8' } }.
export function parseContentType(value = 'text/plain') {
    const [type, ...rest] = value.match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? ['text/plain'];
    const params = {};
    for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq < 0) continue;
        let v = p.slice(eq + 1).trim();
        if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
        params[p.slice(0, eq).trim().toLowerCase()] = v;
    }
    return { type: type.trim().toLowerCase(), params };
}

// Splits an entity (LF line ends) into its headers and its body.
function splitEntity(entity) {
    if (entity.startsWith('\n')) return { headerList: [], body: entity.slice(1) };
    const end = entity.indexOf('\n\n');
    return end < 0
        ? { headerList: parseHeaderBlock(entity), body: '' }
        : { headerList: parseHeaderBlock(entity.slice(0, end)), body: entity.slice(end + 2) };
}

function decodeTransfer(encoding, body) {
    switch (encoding) {
        case 'base64':
            return Buffer.from(body, 'base64'); // Node skips the line breaks
        case 'quoted-printable':
            // RFC 2045 §6.7: trailing blanks are transport padding; "=" at a line end is a soft break.
            return bytesOf(body
                .replace(/[ \t]+$/gm, '')
                .replace(/=\n/g, '')
                .replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
        default:
            return bytesOf(body); // 7bit, 8bit, binary
    }
}

// The body parts between the delimiter lines "--boundary" and "--boundary--" (RFC 2046 §5.1.1).
function splitMultipart(body, boundary) {
    const parts = [];
    let current;
    for (const line of body.split('\n')) {
        const trimmed = line.trimEnd();
        if (trimmed === `--${boundary}--`) break;
        if (trimmed === `--${boundary}`) {
            if (current) parts.push(current.join('\n'));
            current = [];
        } else if (current) {
            current.push(line);
        }
    }
    if (current) parts.push(current.join('\n'));
    return parts;
}

// Leaf parts of an entity, depth first: [{ type, disposition, text }] for text/*, nested multiparts opened.
function leaves(entity, depth = 0) {
    const { headerList, body } = splitEntity(entity);
    const get = (name) => headerList.find(([n]) => n.toLowerCase() === name)?.[1];
    const { type, params } = parseContentType(get('content-type'));
    if (type.startsWith('multipart/') && params.boundary && depth < 10)
        return splitMultipart(body, params.boundary).flatMap((part) => leaves(part, depth + 1));
    if (!type.startsWith('text/')) return [];
    const bytes = decodeTransfer((get('content-transfer-encoding') ?? '').trim().toLowerCase(), body);
    const text = decodeBytes(bytes, params.charset ?? 'utf-8').replace(/\r\n?/g, '\n');
    return [{ type, disposition: (get('content-disposition') ?? '').toLowerCase(), text }];
}

// Absolute http(s) URLs; a trailing full stop, comma or closing bracket ends the sentence, not the URL.
export function findLinks(text) {
    const links = [...text.matchAll(/\bhttps?:\/\/[^\s<>"'`]+/g)].map((m) => m[0].replace(/[.,;:!?)\]}»]+$/, ''));
    return [...new Set(links)];
}

const decodeEntities = (html) => html.replace(/&amp;/g, '&').replace(/&#0*38;/g, '&');

export function parseMessage(raw) {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw), 'utf8');
    const entity = bytes.toString('latin1').replace(/\r\n?/g, '\n');
    const { headerList } = splitEntity(entity);
    const headers = new Map();
    for (const [name, value] of headerList) if (!headers.has(name.toLowerCase())) headers.set(name.toLowerCase(), value);
    const inline = leaves(entity).filter((p) => !p.disposition.startsWith('attachment'));
    const text = inline.find((p) => p.type === 'text/plain')?.text ?? '';
    const html = inline.find((p) => p.type === 'text/html')?.text ?? '';
    const date = headers.has('date') ? new Date(headers.get('date')) : undefined;
    return {
        headers,
        headerList,
        from: headers.get('from') ?? '',
        to: headers.get('to') ?? '',
        subject: headers.get('subject') ?? '',
        date: date && !Number.isNaN(date.getTime()) ? date : undefined,
        text,
        html,
        links: findLinks(text || decodeEntities(html)),
    };
}
