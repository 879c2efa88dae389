// The client side of scripts/bench-access (not a test): against an `idp serve` the script started on a store it
// filled with access requests, times the console's pending-requests pages and the authorization endpoint's access
// check.
//   node access.mjs console <json options>     → prints the console figures, writes options.out (JSON)
//   node access.mjs authorize <json options>   → prints the authorize figures, writes options.out (JSON)
// Timings are never checked: only an answer that is not the expected one (no session, not 50 rows, no code) is an
// error.
import fs from 'node:fs';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { CookieJar } from '../../test/integration/lib/http.mjs';
import { decodeHtml, findLoginForm, pkcePair, randomToken } from '../../test/integration/lib/flow.mjs';
import { expect, line, stats } from './figures.mjs';
import { sender } from './https.mjs';

const [mode, json] = process.argv.slice(2);
const opt = JSON.parse(json);
const ca = fs.readFileSync(opt.ca);
// Console and portal paths are at the root of the origin; the login and the OIDC endpoints under the issuer's path
// (idp/endpoints/route_paths.cpp, third column).
const origin = new URL(opt.issuer).origin;
const now = () => performance.now();

const send = sender({ ca, timeout: 30000 });

// A password login on the portal's form ({issuer}/login without an interaction): the pre-login cookie and the csrf
// of the GET, then the POST → 303 and the session cookie. Resolves the cookie jar.
async function passwordLogin(login, agent) {
    const jar = new CookieJar();
    const loginUrl = `${opt.issuer}/login`;
    const page = await send(loginUrl, { jar, agent });
    const form = findLoginForm(page.body);
    expect(page.status === 200 && form?.fields.csrf, 'the login form', page);
    const posted = await send(new URL(form.action ?? loginUrl, loginUrl), {
        method: 'POST',
        form: { ...form.fields, login, password: opt.password },
        jar,
        agent,
    });
    expect(posted.status === 303 && jar.get('__Host-esc_session'), `password login of ${login}`, posted);
    return jar;
}

// ---------------------------------------------------------------------------------------------------------------
// Console.

const rowsOf = (html) => [...html.matchAll(/<tr><td><a href="([^"]*\/console\/access\/request\?[^"]*)"/g)].map((m) => decodeHtml(m[1]));
const nextOf = (html) => {
    const m = /<a href="([^"]*)">Demandes suivantes<\/a>/.exec(html);
    return m ? new URL(decodeHtml(m[1]), origin).toString() : undefined;
};

// GET `url` as the holder of `jar`: a 200 list page; resolves { ms, rows, next }.
async function listPage(url, jar, agent) {
    const t0 = now();
    const res = await send(url, { jar, agent });
    const ms = now() - t0;
    expect(res.status === 200 && res.body.includes('Demandes d’accès aux services'), `the list ${url}`, res);
    return { ms, rows: rowsOf(res.body), next: nextOf(res.body), bytes: Buffer.byteLength(res.body) };
}

async function recordPage(url, jar, agent) {
    const t0 = now();
    const res = await send(url, { jar, agent });
    const ms = now() - t0;
    expect(res.status === 200 && res.body.includes('Historique'), `the record ${url}`, res);
    return ms;
}

// Times `fn(i)` for warmup + iterations rounds; resolves the stats of the measured ones.
async function timed(iterations, warmup, fn) {
    const values = [];
    for (let i = 0; i < warmup + iterations; ++i) {
        const v = await fn(i);
        if (i >= warmup) values.push(v);
    }
    return stats(values);
}

async function benchConsole() {
    const { iterations, warmup, deepPages } = opt;
    const t0 = Date.now();
    // One keep-alive connection per person, as one browser tab.
    const agents = {};
    const jars = {};
    for (const who of ['admin', 'coordo-rennes']) {
        agents[who] = new https.Agent({ keepAlive: true, maxSockets: 1 });
        jars[who] = await passwordLogin(who, agents[who]);
    }
    const first = `${origin}/console/access?service=dcc`;
    const out = { iterations, warmup, deepPages, scenarios: [] };
    const scenario = (key, label, st, extra = {}) => {
        out.scenarios.push({ key, label, ...st, ...extra });
        line(label, st);
    };
    console.log(
        `Console, service dcc (admin: the administrator, everything; referent: coordo-rennes, department 35), ${iterations} ` +
            `measured GETs per scenario (+${warmup} warm-up), one keep-alive connection each; records: the 50 of page 1 in turn`,
    );

    for (const who of ['admin', 'coordo-rennes']) {
        const probe = await listPage(first, jars[who], agents[who]);
        expect(probe.rows.length === 50 && probe.next, `${who}: a first page of 50 rows with a next link`, { status: probe.rows.length });
        // The chain of « Demandes suivantes » from page 2 to page 1 + deepPages, fetched once to know the URLs.
        const chain = [];
        let next = probe.next;
        for (let p = 0; p < deepPages && next; ++p) {
            chain.push(next);
            next = (await listPage(next, jars[who], agents[who])).next;
        }
        const records = probe.rows;
        const role = who === 'admin' ? 'admin (everything)' : 'referent (dept 35)';
        scenario(`${who}:first`, `${role}: first page`, await timed(iterations, warmup, async () => (await listPage(first, jars[who], agents[who])).ms), { bytes: probe.bytes });
        scenario(
            `${who}:deep`,
            `${role}: pages 2–${chain.length + 1}`,
            await timed(iterations, warmup, async (i) => (await listPage(chain[i % chain.length], jars[who], agents[who])).ms),
            { pages: chain.length, lastBefore: new URL(chain[chain.length - 1]).searchParams.get('before') },
        );
        scenario(
            `${who}:record`,
            `${role}: one record`,
            await timed(iterations, warmup, async (i) => recordPage(new URL(records[i % records.length], origin), jars[who], agents[who])),
        );
    }

    // A page half a year down the administrator's queue (about page 800): the cursor as a « Demandes suivantes »
    // link would carry it, made here rather than reached by 800 clicks. Its cost is the depth's if the cursor's
    // range does not reach the index.
    const halfYear = `${origin}/console/access?service=dcc&state=to_process&before=${Math.floor(Date.now() / 1000) - 182 * 86400}.999999999`;
    const halfProbe = await listPage(halfYear, jars.admin, agents.admin);
    expect(halfProbe.rows.length === 50, 'admin: 50 rows half a year deep', { status: halfProbe.rows.length });
    scenario(
        'admin:half-year',
        'admin (everything): a page ½ year deep',
        await timed(iterations, warmup, async () => (await listPage(halfYear, jars.admin, agents.admin)).ms),
    );

    // Every page of the referent's to-process list once, down to the last (fewer than 50 rows: its query reads the
    // service's queue to the end).
    const walk = [];
    let url = first;
    let total = 0;
    while (url) {
        const page = await listPage(url, jars['coordo-rennes'], agents['coordo-rennes']);
        walk.push(page.ms);
        total += page.rows.length;
        url = page.next;
        expect(walk.length < 1000, 'the end of the referent’s pages', { status: walk.length });
    }
    out.walk = { pages: walk.length, rows: total, each: walk, stats: stats(walk) };
    console.log(`  referent (dept 35): every to-process page once: ${walk.length} pages, ${total} rows; page ms: ${walk.map((v) => v.toFixed(1)).join(' ')}`);
    for (const a of Object.values(agents)) a.destroy();
    out.seconds = (Date.now() - t0) / 1000;
    fs.writeFileSync(opt.out, JSON.stringify(out));
}

// ---------------------------------------------------------------------------------------------------------------
// Authorize.

// GET authorize for `client` with the SSO session in `jar`: a 303 to the redirect URI with a code (not exchanged).
async function authorize(client, jar, agent) {
    const pkce = pkcePair();
    const state = randomToken();
    const url = new URL(`${opt.issuer}/protocol/openid-connect/auth`);
    for (const [k, v] of Object.entries({
        client_id: client,
        redirect_uri: opt.redirect,
        response_type: 'code',
        scope: 'openid scope_all',
        state,
        nonce: randomToken(),
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
    }))
        url.searchParams.set(k, v);
    const t0 = now();
    const res = await send(url, { jar, agent });
    const ms = now() - t0;
    const back = res.location?.startsWith(opt.redirect) ? new URL(res.location).searchParams : undefined;
    expect(res.status === 303 && back?.get('code') && back.get('state') === state, `authorize ${client} → a code`, res);
    return ms;
}

async function benchAuthorize() {
    const { iterations, warmup, approval, open } = opt;
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const jar = await passwordLogin(opt.login, agent);
    const series = { [approval]: [], [open]: [] };
    const differences = [];
    const t0 = Date.now();
    for (let i = 0; i < warmup + iterations; ++i) {
        // Interleaved, the order swapped every round: drift (the auth_codes table growing, the WAL checkpoints)
        // falls on both clients alike.
        const order = i % 2 === 0 ? [approval, open] : [open, approval];
        const round = {};
        for (const client of order) round[client] = await authorize(client, jar, agent);
        if (i < warmup) continue;
        series[approval].push(round[approval]);
        series[open].push(round[open]);
        differences.push(round[approval] - round[open]);
    }
    agent.destroy();
    const out = {
        iterations,
        warmup,
        approval,
        open,
        seconds: (Date.now() - t0) / 1000,
        withCheck: stats(series[approval]),
        without: stats(series[open]),
        paired: stats(differences),
    };
    out.p50DifferenceUs = (out.withCheck.p50 - out.without.p50) * 1000;
    console.log(
        `Authorize with medecin's SSO session (password login), code flow + PKCE S256, 303 with a code (not exchanged): ` +
            `${iterations} measured per client (+${warmup} warm-up), interleaved, one keep-alive connection, ${out.seconds.toFixed(1)} s`,
    );
    const keys = ['p50', 'p90', 'p99', 'max'];
    line(`${approval} (access = "approval": the access check)`, out.withCheck, keys);
    line(`${open} (open: no access check)`, out.without, keys);
    console.log(
        `  p50 difference ${out.p50DifferenceUs.toFixed(0)} µs; median of the paired differences ` +
            `${(out.paired.p50 * 1000).toFixed(0)} µs`,
    );
    fs.writeFileSync(opt.out, JSON.stringify(out));
}

if (mode === 'console') await benchConsole();
else if (mode === 'authorize') await benchAuthorize();
else throw new Error(`unknown mode ${mode}`);
