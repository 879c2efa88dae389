// Reads the idp configuration and the demo clients from the same files the idp loads (conf/idp.toml,
// conf/clients/*.toml, conf/README.md "Clients") and builds one openid-client Client per demo relying party.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { Issuer, custom } from 'openid-client';
import { readFlatToml } from './toml.mjs';

// The settings of one demo relying party, as declared in conf/clients/<id>.toml.
// Only clients with a redirect URI `<base>/<id>/callback` are hosted here: registering it is what opts a client in.
function readClient(file, base) {
    const t = readFlatToml(file);
    const id = t.id ?? path.basename(file, '.toml');
    const isPublic = t.type === 'public';
    const root = `${base}/${id}/`; // the page, also its registered post-logout URI
    const redirectUri = `${root}callback`;
    if (!(t.redirect_uris ?? []).includes(redirectUri)) return null;
    const authMethod = t.token_endpoint_auth_method ?? (isPublic ? 'none' : 'client_secret_basic');
    const rp = {
        id, redirectUri, authMethod,
        path: `/${id}/`,
        name: t.name ?? id,
        postLogoutUri: (t.post_logout_redirect_uris ?? []).includes(root) ? root : undefined,
        // OpenID Connect Back-Channel Logout: the idp tells us when the Esculape session ends.
        backchannelLogout: t.backchannel_logout_uri === `${root}backchannel-logout`,
        metadata: {
            client_id: id,
            redirect_uris: [redirectUri],
            response_types: ['code'],
            token_endpoint_auth_method: authMethod,
            id_token_signed_response_alg: t.id_token_signed_response_alg || 'RS256',
        },
        jwks: undefined,
    };
    // openid-client verifies a signed UserInfo response only when the client declares the algorithm.
    if (t.userinfo_signed_response_alg) rp.metadata.userinfo_signed_response_alg = t.userinfo_signed_response_alg;
    if (authMethod.startsWith('client_secret_')) rp.metadata.client_secret = readSecret(t, file);
    if (authMethod === 'private_key_jwt') rp.jwks = { keys: [privateJwk(t, file)] };
    return rp;
}

function readSecret(t, file) {
    if (t.secret) return t.secret;
    if (t.secret_env) {
        const value = process.env[t.secret_env];
        if (!value) throw new Error(`${file}: environment variable ${t.secret_env} is not set`);
        return value;
    }
    if (t.secret_file) return fs.readFileSync(path.resolve(path.dirname(file), t.secret_file), 'utf8').trimEnd();
    throw new Error(`${file}: no secret, secret_env or secret_file`);
}

// The demo private key lies next to the registered JWKS as <id>.demo-key.pem (conf/README.md). Its kid is the one
// of the JWKS entry with the same public key, so the idp finds the key the assertion names (RFC 7523 §3).
function privateJwk(t, file) {
    const dir = path.dirname(file);
    const id = path.basename(file, '.toml');
    const pem = fs.readFileSync(path.join(dir, `${id}.demo-key.pem`), 'utf8');
    const jwk = crypto.createPrivateKey(pem).export({ format: 'jwk' });
    const registered = t.jwks_file ? JSON.parse(fs.readFileSync(path.resolve(dir, t.jwks_file), 'utf8')) : t.jwks;
    const match = (registered?.keys ?? []).find((k) => k.kty === jwk.kty && (k.x ?? k.n) === (jwk.x ?? jwk.n));
    if (!match) throw new Error(`${file}: ${id}.demo-key.pem matches no key of the registered JWKS`);
    return { ...jwk, kid: match.kid, alg: match.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256'), use: 'sig' };
}

// { issuer, relyingParties } from the idp configuration file; throws with the file name on a bad file.
export function loadSettings(configFile, base) {
    const config = readFlatToml(configFile);
    const dir = path.dirname(configFile);
    if (!config.issuer) throw new Error(`${configFile}: issuer is missing`);
    const clientsDir = path.join(dir, 'clients');
    const files = fs.existsSync(clientsDir) ? fs.readdirSync(clientsDir).filter((f) => f.endsWith('.toml')).sort() : [];
    const relyingParties = files.map((f) => readClient(path.join(clientsDir, f), base)).filter(Boolean);
    const tlsOn = config['tls.enabled'] !== false;
    const certFile = tlsOn && config['tls.cert_file'] ? path.resolve(dir, config['tls.cert_file']) : undefined;
    return { issuer: config.issuer, certFile, relyingParties };
}

// The development certificate is self-signed: trust it in addition to the system CAs (NODE_EXTRA_CA_CERTS,
// set by scripts/run, does the same; this covers running the server by hand). Returns the CA list, for the other
// requests to the idp (the JWKS of back-channel logout), or undefined when there is no certificate file.
export function trustCertificate(certFile) {
    if (!certFile || !fs.existsSync(certFile)) return undefined;
    const ca = [...tls.rootCertificates, fs.readFileSync(certFile, 'utf8')];
    custom.setHttpOptionsDefaults({ ca, timeout: 5000 });
    return ca;
}

// Discovery is lazy and retried: the demo starts before the idp listens (scripts/run).
export function makeClientSource(issuerUrl, relyingParties) {
    let pending;
    return async function clientFor(rp) {
        pending ??= Issuer.discover(issuerUrl).then((issuer) => {
            if (issuer.issuer !== issuerUrl) {
                throw new Error(`discovery names issuer ${issuer.issuer}, expected ${issuerUrl}`);
            }
            return new Map(relyingParties.map((r) => [r.id, new issuer.Client(r.metadata, r.jwks)]));
        });
        try {
            return (await pending).get(rp.id);
        } catch (err) {
            pending = undefined;
            throw err;
        }
    };
}
