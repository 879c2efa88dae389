// Serialises the subset of TOML the idp configuration uses: strings, numbers, booleans, arrays of those, and
// nested tables (written as [a.b] sections; inside an array, as inline tables). Keys that are not bare (e.g.
// "rp.basic") are quoted.
export function toToml(obj) {
    const lines = [];
    writeTable(obj, [], lines);
    return lines.join('\n') + '\n';
}

function writeTable(obj, path, lines) {
    const scalars = Object.entries(obj).filter(([, v]) => !isTable(v));
    const tables = Object.entries(obj).filter(([, v]) => isTable(v));
    if (path.length > 0 && (scalars.length > 0 || tables.length === 0)) lines.push('', `[${path.map(key).join('.')}]`);
    for (const [k, v] of scalars) if (v !== undefined) lines.push(`${key(k)} = ${value(v)}`);
    for (const [k, v] of tables) writeTable(v, [...path, k], lines);
}

function isTable(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function key(k) {
    return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

export function value(v) {
    if (typeof v === 'string') return JSON.stringify(v); // JSON string escapes are valid TOML basic-string escapes
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    // An array of tables ([[clients.x.referents]]) as an array of inline tables, which TOML takes alike.
    if (isTable(v))
        return `{ ${Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .map(([k, x]) => `${key(k)} = ${value(x)}`)
            .join(', ')} }`;
    throw new Error(`cannot write ${typeof v} to TOML`);
}
