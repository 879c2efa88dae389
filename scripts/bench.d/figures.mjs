// What the benchmark drivers (auth.mjs, access.mjs) share to check answers and report timings: one module, so that
// their figures are computed and laid out alike and stay comparable from one benchmark to the other.

// Timings are never checked: only an answer that is not the expected one is an error, with enough of it to tell why.
export function expect(ok, what, res) {
    if (!ok) throw new Error(`${what}: got ${res?.status} ${res?.location ?? ''} ${res?.body?.slice(0, 300) ?? ''}`);
}

// Nearest-rank percentile of sorted values.
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export function stats(values) {
    const s = [...values].sort((a, b) => a - b);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    return { n: s.length, mean, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1] };
}

export const ms = (v) => `${v.toFixed(2).padStart(7)} ms`;
export function line(label, st, keys = ['p50', 'p90', 'p99', 'max']) {
    console.log(`  ${label.padEnd(44)} ${keys.map((k) => `${k} ${ms(st[k])}`).join('  ')}`);
}
