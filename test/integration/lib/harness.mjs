// Starts a real `idp` for one test file: temp dir, dev certificate, free loopback ports (public and admin), a
// generated config with the test clients below, demo data seeded, `idp serve` spawned and waited for (listening
// line + /readyz on the admin listener).
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { jose } from './deps.mjs';
import { toToml } from './toml.mjs';
import { request } from './http.mjs';
import { randomToken } from './flow.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const realmPath = '/auth/realms/esculape';

export function idpBin() {
    return process.env.IDP_BIN || path.join(repoRoot, 'build/idp/idp');
}

// A port that was free a moment ago on 127.0.0.1 (the kernel picks it).
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

// Runs an idp sub-command to completion: resolves { code, stdout, stderr }.
export function runIdp(args, { timeout = 60000 } = {}) {
    return new Promise((resolve) => {
        execFile(idpBin(), args, { timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
            resolve({ code, stdout, stderr, error: err && typeof err.code !== 'number' ? err : undefined });
        });
    });
}

// The test clients every idp gets. Secrets are fresh per run and at least 32 characters.
async function makeClients(extraRedirects, clientDefaults, clientOverrides = {}) {
    const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'rp-jwt-1', alg: 'RS256', use: 'sig' };
    const secret = () => randomToken(32);
    const clients = {
        'rp-basic': {
            auth: 'basic',
            secret: secret(),
            redirect_uris: ['https://rp.test/cb', 'https://rp.test/cb2'],
            post_logout_redirect_uris: ['https://rp.test/logged-out'],
            grant_types: ['authorization_code', 'refresh_token'],
        },
        'rp-post': {
            auth: 'post',
            secret: secret(),
            redirect_uris: ['https://rp-post.test/cb'],
            post_logout_redirect_uris: ['https://rp-post.test/logged-out'],
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        },
        'rp-jwt': {
            auth: 'jwt',
            privateKey,
            jwks: JSON.stringify({ keys: [jwk] }),
            kid: jwk.kid,
            redirect_uris: ['https://rp-jwt.test/cb'],
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        },
        spa: {
            auth: 'none',
            type: 'public',
            require_pkce: true,
            redirect_uris: ['https://spa.test/cb', ...(extraRedirects.spa ?? [])],
            post_logout_redirect_uris: ['https://spa.test/bye'],
            grant_types: ['authorization_code', 'refresh_token'],
        },
        svc: { auth: 'basic', secret: secret(), redirect_uris: [], grant_types: ['client_credentials'] },
        'svc-es': {
            auth: 'basic',
            secret: secret(),
            redirect_uris: [],
            grant_types: ['client_credentials'],
            access_token_signed_response_alg: 'ES256',
        },
        'rp-es': {
            auth: 'basic',
            secret: secret(),
            redirect_uris: ['https://rp-es.test/cb'],
            grant_types: ['authorization_code', 'refresh_token'],
            id_token_signed_response_alg: 'ES256',
            access_token_signed_response_alg: 'ES256',
            userinfo_signed_response_alg: 'ES256',
        },
        'rp-plain': {
            auth: 'basic',
            secret: secret(),
            allow_plain_pkce: true,
            redirect_uris: ['https://rp-plain.test/cb'],
            grant_types: ['authorization_code', 'refresh_token'],
        },
    };
    for (const [id, c] of Object.entries(clients)) clients[id] = { ...clientDefaults, ...c, id };
    // clientOverrides: { id: { key: value } } merged over one client, or { id: null } to leave it out.
    for (const [id, o] of Object.entries(clientOverrides)) {
        if (o === null) delete clients[id];
        else {
            const base = clients[id] ?? { auth: 'basic', secret: secret(), redirect_uris: [], grant_types: ['client_credentials'] };
            clients[id] = { ...base, ...o, id };
        }
    }
    return clients;
}

const kAuthMethods = { basic: 'client_secret_basic', post: 'client_secret_post', jwt: 'private_key_jwt', none: 'none' };

function clientToml(c) {
    const t = {
        name: c.name ?? `Client de test ${c.id}`,
        type: c.type ?? 'confidential',
        token_endpoint_auth_method: kAuthMethods[c.auth],
        redirect_uris: c.redirect_uris,
        post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
        grant_types: c.grant_types,
    };
    if (c.secret) t.secret = c.secret;
    if (c.jwks) t.jwks = c.jwks;
    for (const k of [
        'require_pkce',
        'allow_plain_pkce',
        'userinfo_signed_response_alg',
        'id_token_signed_response_alg',
        'access_token_signed_response_alg',
        'echo_requested_acr',
        'scopes',
        'allow_offline_access',
        'refresh_reuse_grace',
        'allow_token_endpoint_audience',
        'resource_server',
        'front_name',
        'front_url',
        'access',
        'min_acr',
        'backchannel_logout_uri',
        // Access on approval (issue 9): [[clients.<id>.referents]] (login, departments, postal_prefixes, default),
        // eligibility codes, and the portal tile's text.
        'referents',
        'professions',
        'specialties',
        'description',
    ]) {
        if (c[k] !== undefined) t[k] = c[k];
    }
    return t;
}

// The host name of the issuer and of idp.base: 127.0.0.1 unless `issuerHost` says otherwise (e.g. 'localhost', which
// the dev certificate names too: WebAuthn refuses an IP address as relying party id). The server listens on
// 127.0.0.1 whatever the name.
export function issuerHostOf(options = {}) {
    return options.issuerHost ?? '127.0.0.1';
}

// The configuration object (written with toToml); `options` sections are merged over the defaults.
export function buildConfig({ tmp, port, adminPort, clients, options = {} }) {
    return {
        issuer: `${options.tls?.enabled === false ? 'http' : 'https'}://${issuerHostOf(options)}:${port}${realmPath}`,
        demo_dir: path.join(repoRoot, 'conf/demo'),
        templates_dir: path.join(repoRoot, 'idp/web/templates'),
        dev_mode: true,
        ...options.top,
        storage: { backend: 'sqlite', path: path.join(tmp, 'esculape.db'), ...options.storage },
        server: {
            listen: `127.0.0.1:${port}`,
            admin_listen: `127.0.0.1:${adminPort}`,
            worker_threads: 2,
            max_header_bytes: 16384,
            max_body_bytes: 65536,
            read_timeout: 10,
            write_timeout: 10,
            idle_timeout: 60,
            max_connections: 1024,
            access_log: true,
            ...options.server,
        },
        tls: {
            enabled: true,
            cert_file: path.join(tmp, 'certs/server.crt'),
            key_file: path.join(tmp, 'certs/server.key'),
            ...options.tls,
        },
        tokens: { ...options.tokens },
        session: { ...options.session },
        login: { ...options.login },
        clients: Object.fromEntries(Object.values(clients).map((c) => [c.id, clientToml(c)])),
    };
}

const live = new Set();
process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
});

// Temp dir with a dev certificate and a written config, nothing started:
// { tmp, certDir, port, clients, configPath, config }.
export async function prepareIdp(options = {}) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esculape-it-'));
    const certDir = path.join(tmp, 'certs');
    const cert = await runIdp(['dev-cert', '--out', certDir]);
    if (cert.code !== 0) throw new Error(`idp dev-cert failed (${cert.code}): ${cert.stderr}${cert.error ?? ''}`);
    const port = options.port ?? (await freePort());
    const adminPort = options.adminPort ?? (await freePort());
    const clients = await makeClients(
        options.extraRedirects ?? {},
        options.clientDefaults ?? {},
        options.clientOverrides ?? {},
    );
    const configPath = path.join(tmp, 'idp.toml');
    const config = buildConfig({ tmp, port, adminPort, clients, options });
    fs.writeFileSync(configPath, toToml(config));
    return { tmp, certDir, port, adminPort, clients, configPath, config };
}

// options: { server, tokens, session, login: config sections merged over the defaults; top: top-level keys;
//            extraRedirects: { spa: [...] }; clientDefaults: keys applied to every test client;
//            clientOverrides: { id: keys merged over that client, or null to drop it }; port, adminPort;
//            issuerHost: the issuer's host name, '127.0.0.1' by default (see issuerHostOf) }
export async function startIdp(options = {}) {
    // freePort() closes its socket before serve binds: another test running in parallel can take the
    // port meanwhile. Only then, with ports we chose, start again on new ones.
    for (let attempt = 1; ; ++attempt) {
        try {
            return await startIdpOnce(options);
        } catch (e) {
            const ours = options.port === undefined && options.adminPort === undefined;
            if (!ours || attempt >= 3 || !/Address already in use/.test(e.message)) throw e;
        }
    }
}

async function startIdpOnce(options) {
    const { tmp, certDir, port, adminPort, clients, configPath, config } = await prepareIdp(options);
    // A memory store lives inside serve, which loads the demo itself: nothing to prepare.
    const commands = config.storage.backend === 'memory' ? [] : ['migrate', 'demo-seed'];
    for (const cmd of commands) {
        const r = await runIdp([cmd, '--config', configPath]);
        if (r.code !== 0) {
            if (!process.env.IDP_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
            throw new Error(`idp ${cmd} failed (${r.code}): ${r.stderr}${r.stdout}`);
        }
    }
    const server = await spawnServe(configPath);
    const ca = fs.readFileSync(path.join(certDir, 'server.crt'));
    const issuer = config.issuer;
    const idp = {
        issuer,
        port,
        ca,
        tmp,
        certDir,
        configPath,
        config,
        clients,
        base: `${config.tls.enabled === false ? 'http' : 'https'}://${issuerHostOf(options)}:${port}`,
        // Plain-HTTP admin listener (server.admin_listen): /healthz, /readyz, /metrics.
        adminPort,
        admin: `http://127.0.0.1:${adminPort}`,
        endpoints: endpointsOf(issuer),
        process: server.child,
        logs: () => ({ stdout: idp.server.stdout(), stderr: idp.server.stderr() }),
        stop: (signal = 'SIGTERM') => stopServe(idp.server, signal, tmp),
        // Stops the server, runs `idp <args>` on the same config and database, and serves again.
        restartWith: async (args = []) => {
            await stopServe(idp.server, 'SIGTERM', null);
            const r = args.length ? await runIdp([...args, '--config', configPath]) : null;
            idp.server = spawnServe(configPath);
            idp.process = idp.server.child;
            await waitReady(idp, idp.server);
            return r;
        },
        // Another `idp serve` on the same database, keys and secrets (same issuer), listening on its own
        // ports: a second node. Resolves { base, port, admin, url(u), logs(), stop() }; url() moves an
        // idp URL (issuer-based) onto this node.
        startNode: async () => {
            const nodePort = await freePort();
            const nodeAdmin = await freePort();
            const nodeConfig = {
                ...config,
                server: { ...config.server, listen: `127.0.0.1:${nodePort}`, admin_listen: `127.0.0.1:${nodeAdmin}` },
            };
            const nodePath = path.join(tmp, `idp-node-${nodePort}.toml`);
            fs.writeFileSync(nodePath, toToml(nodeConfig));
            const child = spawnServe(nodePath);
            const node = {
                port: nodePort,
                base: `https://${issuerHostOf(options)}:${nodePort}`,
                admin: `http://127.0.0.1:${nodeAdmin}`,
                url: (u) => {
                    const moved = new URL(u, idp.base);
                    moved.port = String(nodePort);
                    return moved.toString();
                },
                logs: () => ({ stdout: child.stdout(), stderr: child.stderr() }),
                stop: () => stopServe(child, 'SIGTERM', null),
            };
            try {
                await waitReady(node, child);
            } catch (e) {
                await stopServe(child, 'SIGKILL', null);
                throw e;
            }
            return node;
        },
    };
    idp.server = server;
    try {
        await waitReady(idp, server);
    } catch (e) {
        await idp.stop('SIGKILL');
        throw e;
    }
    return idp;
}

export function endpointsOf(issuer) {
    const oidc = `${issuer}/protocol/openid-connect`;
    return {
        discovery: `${issuer}/.well-known/openid-configuration`,
        walletDiscovery: `${issuer}/.well-known/wallet-openid-configuration`,
        authorization: `${oidc}/auth`,
        token: `${oidc}/token`,
        userinfo: `${oidc}/userinfo`,
        logout: `${oidc}/logout`,
        introspection: `${oidc}/token/introspect`,
        revocation: `${oidc}/revoke`,
        jwks: `${oidc}/certs`,
        login: `${issuer}/login`,
    };
}

function spawnServe(configPath) {
    const child = spawn(idpBin(), ['serve', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let out = '';
    let err = '';
    const exited = new Promise((resolve) => {
        child.on('exit', (code, signal) => {
            live.delete(child);
            resolve(code ?? signal);
        });
        child.on('error', (e) => {
            err += `spawn error: ${e.message}\n`;
            live.delete(child);
            resolve(-1);
        });
    });
    const listening = new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => {
            out += d.toString('utf8');
            const m = /esculape: listening on (https?:\/\/\S+)/.exec(out);
            if (m) resolve(m[1]);
        });
        exited.then((code) => reject(new Error(`idp serve exited (${code}) before listening:\n${err}\n${out}`)));
    });
    listening.catch(() => {}); // observed by waitReady; avoids an unhandled rejection when stopped later
    child.stderr.on('data', (d) => {
        err += d.toString('utf8');
    });
    return { child, exited, listening, stdout: () => out, stderr: () => err };
}

async function waitReady(idp, server) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(
            () =>
                reject(
                    new Error(`idp did not print its listening line in 20 s:\n${server.stderr()}\n${server.stdout()}`),
                ),
            20000,
        );
    });
    try {
        await Promise.race([server.listening, timeout]);
    } finally {
        clearTimeout(timer);
    }
    const deadline = Date.now() + 10000;
    let last;
    while (Date.now() < deadline) {
        try {
            last = await request(`${idp.admin}/readyz`, { timeout: 2000 });
            if (last.status === 200) return;
        } catch (e) {
            last = e;
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`/readyz never answered 200: ${last?.status ?? last}`);
}

async function stopServe(server, signal, tmp) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
    let timer;
    const killed = new Promise((resolve) => {
        timer = setTimeout(() => {
            server.child.kill('SIGKILL');
            resolve('timeout');
        }, 15000);
    });
    const code = await Promise.race([server.exited, killed]);
    clearTimeout(timer);
    if (tmp && !process.env.IDP_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    return code;
}
