// A deliberately tiny TOML reader for Esculape's flat configuration files (conf/idp.toml, conf/clients/*.toml):
// one `key = value` per line, values being basic or literal strings, booleans, integers or one-line arrays of
// those, and `[table]` headers that prefix the following keys ("tls.cert_file"). The idp itself uses toml++;
// this only lets the demo relying parties read the same files, so that there is one source of truth.
import fs from 'node:fs';

const kEscapes = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

// Reads one value at text[pos]; returns [value, next position] or throws a short message.
function readValue(text, pos) {
    const c = text[pos];
    if (c === '"') {
        let out = '';
        for (let i = pos + 1; i < text.length; ++i) {
            if (text[i] === '"') return [out, i + 1];
            if (text[i] !== '\\') { out += text[i]; continue; }
            const e = text[++i];
            if (e === 'u' || e === 'U') {
                const len = e === 'u' ? 4 : 8;
                out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + len), 16));
                i += len;
            } else if (e in kEscapes) {
                out += kEscapes[e];
            } else {
                throw new Error(`unknown escape \\${e}`);
            }
        }
        throw new Error('unterminated string');
    }
    if (c === "'") {
        const end = text.indexOf("'", pos + 1);
        if (end < 0) throw new Error('unterminated string');
        return [text.slice(pos + 1, end), end + 1];
    }
    if (c === '[') {
        const items = [];
        let i = skipBlanks(text, pos + 1);
        while (text[i] !== ']') {
            if (i >= text.length) throw new Error('unterminated array (arrays must fit on one line here)');
            const [item, next] = readValue(text, i);
            items.push(item);
            i = skipBlanks(text, next);
            if (text[i] === ',') i = skipBlanks(text, i + 1);
        }
        return [items, i + 1];
    }
    const word = /^[A-Za-z0-9_+.-]+/.exec(text.slice(pos))?.[0] ?? '';
    if (word === 'true' || word === 'false') return [word === 'true', pos + word.length];
    if (/^[+-]?\d[\d_]*$/.test(word)) return [Number(word.replaceAll('_', '')), pos + word.length];
    throw new Error(`unsupported value ${JSON.stringify(text.slice(pos, pos + 20))}`);
}

function skipBlanks(text, pos) {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) ++pos;
    return pos;
}

// Parses the text of a file; keys of tables are returned dotted ({"issuer": ..., "tls.cert_file": ...}).
export function parseFlatToml(text, fileName = 'toml') {
    const values = {};
    let prefix = '';
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const where = `${fileName}:${index + 1}`;
        const table = /^\[([A-Za-z0-9_.-]+)\]\s*(#.*)?$/.exec(line);
        if (table) {
            prefix = `${table[1]}.`;
            return;
        }
        const key = /^([A-Za-z0-9_-]+)\s*=\s*/.exec(line);
        if (!key) throw new Error(`${where}: expected key = value`);
        try {
            const [value, end] = readValue(line, key[0].length);
            const rest = line.slice(end).trim();
            if (rest !== '' && !rest.startsWith('#')) throw new Error(`unexpected ${JSON.stringify(rest)}`);
            values[prefix + key[1]] = value;
        } catch (err) {
            throw new Error(`${where}: ${err.message}`);
        }
    });
    return values;
}

export function readFlatToml(file) {
    return parseFlatToml(fs.readFileSync(file, 'utf8'), file);
}
