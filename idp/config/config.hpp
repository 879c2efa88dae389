#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/client.hpp"
#include "domain/login_name.hpp"
#include "domain/password_policy.hpp"
#include "storage/settings.hpp"

namespace esc::config {

struct TlsConfig {
    bool enabled = true;
    std::string cert_file;      // PEM chain
    std::string key_file;       // PEM private key
    std::string client_ca_file; // optional: CA list used to *request* client certificates
};

struct ServerConfig {
    std::string listen_address = "127.0.0.1"; // IP literal, or a host name bound on every address it resolves to
    std::uint16_t port = 8443;
    // Further public addresses when `listen` is a list (its first entry is listen_address:port).
    struct Endpoint {
        std::string host;
        std::uint16_t port = 0;
    };
    std::vector<Endpoint> listen_also;
    // Second, plain-HTTP listener for /readyz and /metrics (and /healthz); "" in admin_listen = none.
    bool admin_enabled = true;
    std::string admin_address = "127.0.0.1";
    std::uint16_t admin_port = 8081;
    int max_connections_per_address = 32; // per client IP on the public listener
    int first_byte_timeout_seconds = 5;   // a new connection must start talking within this
    int hsts_max_age_seconds = 31536000;  // Strict-Transport-Security on HTTPS answers; 0 = not sent
    std::string proxy_secret;             // shared with the trusted proxies; clear value, kept in memory
    std::string proxy_secret_header = "X-Proxy-Secret";
    int worker_threads = 2;
    int store_workers = 2; // threads that run the routes writing to the store
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 64 * 1024;
    int read_timeout_seconds = 10; // whole request (headers + body)
    int write_timeout_seconds = 10;
    int idle_timeout_seconds = 60; // keep-alive between requests
    int max_connections = 1024;
    std::vector<std::string> trusted_proxies; // exact IPs whose X-Forwarded-* headers are trusted
    bool access_log = true;
};

struct TokenConfig {
    int access_token_seconds = 120; // PSC: 120 s
    int id_token_seconds = 300;
    int refresh_token_seconds = 1800; // PSC: 30 min
    int code_seconds = 60;
    std::vector<std::string> signing_algs = {"RS256", "ES256"};
    std::string default_alg = "RS256"; // clients without their own algorithm follow it
    // RFC 9700 §4.14.2 allows a short grace period for concurrent rotation: a confidential client
    // presenting the same refresh token again within it gets the same answer instead of a
    // revocation (an RP such as mod_auth_openidc sends parallel refreshes). 0 = strict.
    int refresh_reuse_grace_seconds = 5;
};

struct SessionConfig {
    int absolute_seconds = 4 * 3600;
    int idle_seconds = 30 * 60;
};

struct LoginConfig {
    int max_failures_per_account = 5; // within window, then locked for lockout_seconds
    int max_failures_per_address = 20;
    int window_seconds = 900;
    int lockout_seconds = 900;
    int password_workers = 2; // threads that run Argon2id
};

// Assurance mapping (PSC profile): acr per login method; `certificate` is a password given with
// the professional's own workstation certificate. Each is eidas1, eidas2 or eidas3.
struct AcrConfig {
    std::string password = "eidas1";
    std::string mobile = "eidas2";
    std::string card = "eidas3";
    std::string passkey = "eidas2";
    std::string ocra = "eidas2";
    std::string certificate = "eidas2";
};

// The key-encryption key (KEK) under which the signing keys are stored (AES-256-GCM): a copy
// of the database alone cannot sign. Exactly one source; required outside dev_mode.
struct KeysConfig {
    // base64 of 32 random bytes, mode 0600. In dev_mode it defaults to esculape.kek beside the
    // database and is generated on first use.
    std::string encryption_key_file;
    std::string encryption_key_env; // or the name of an environment variable holding that value
    // The HMAC secret of CSRF tokens and device cookies, same form and rules, shared by every node.
    // In dev_mode it defaults to esculape.hmac beside the database and is generated on first use.
    std::string hmac_secret_file;
    std::string hmac_secret_env;
};

// [mail]: how mails leave (SMTP through libcurl, mail/smtp_transport.hpp). Without smtp_url the
// outbox keeps every mail queued (a warning says so at start-up).
struct MailConfig {
    std::string smtp_url;              // smtp://host:port or smtps://host:port
    std::string security = "starttls"; // starttls (required) | tls (smtps://) | none (loopback or dev_mode only)
    std::string from = "Esculape <ne-pas-repondre@esculape.localhost>";
    std::string username;
    std::string password; // read from password_file or password_env, kept in memory
    std::string ca_file;  // trust anchors for the server's certificate; "" = the system's
    int timeout_seconds = 30;
    int max_attempts = 10;
    // Start of the links mails carry (https://portail.example); "" = the issuer's origin.
    std::string public_url;
};

// [communities.<id>]: the professional communities a registration can ask to join (a cancer network,
// a CPTS, the 3C of a territory…), shown at the wizard's third step beside the services.
struct Community {
    std::string id;
    std::string name;
    std::string description;
};

// [card]: login by CPS card, a TLS client certificate requested by the listener (tls.client_ca_file)
// or verified by a trusted proxy. Revocation is checked at login against CRL files reloaded every
// crl_refresh seconds; a CRL past its nextUpdate refuses its cards (fail closed) and is reported.
struct CardConfig {
    bool enabled = true;                // offered when a certificate can reach us (client CA or proxy)
    std::string ca_file;                // CAs that sign the CRLs; "" = tls.client_ca_file
    std::vector<std::string> crl_files; // PEM or DER
    int crl_refresh_seconds = 3600;
    bool require_crl = true; // a card whose issuer has no CRL is refused
};

// [mobile]: the phone authenticator (device API, login page method) and CIBA (ext/ciba/auth).
struct MobileConfig {
    bool enabled = false;
    int request_seconds = 120;       // a login or CIBA request waits this long for the device
    int activation_seconds = 600;    // an activation code (QR on « Mon compte », or mailed) lives this long
    int poll_interval_seconds = 5;   // CIBA: the interval given to the client
    int max_requests_per_window = 5; // requests sent to one account per 10 minutes (no push bombing)
};

// [ocra]: the CPS calculator (OATH OCRA challenge-response, RFC 6287) as a login method. Off by
// default; the tokens' secrets come from `idp ocra import`.
struct OcraConfig {
    bool enabled = false;
    std::string suite = "OCRA-1:HOTP-SHA1-8:QN08"; // challenge-only numeric suites: no counter, PIN, session or time
    int challenge_seconds = 300;                   // a challenge shown on the login page is answerable this long
};

// [passkey]: passkeys (WebAuthn, `none` attestation, user verification required). The relying party
// id is the issuer's host name, which must therefore be a name, not an IP address.
struct PasskeyConfig {
    bool enabled = false;
    int ceremony_seconds = 300; // a registration or login challenge is answerable this long
};

// [workstation]: certificates from the idp's own CA for named computers (request in « Mon compte »,
// approval in the console, withdrawal by link + code). Off by default.
struct WorkstationConfig {
    bool enabled = false;
    int withdrawal_seconds = 7 * 86400; // the withdrawal link and code live this long after approval
    int validity_days = 365;            // of an issued certificate
    int crl_seconds = 86400;            // nextUpdate of the published CRL
};

// [console]: the administrators' and referents' pages. Platform administrators and helpdesk agents
// are accounts named by login (referents are named by the services: [[referents]] and the console).
// A console session must reach `min_acr`; unset, the strictest min_acr of the services the person
// administers (every service for administrators and helpdesk, their own for a referent).
struct ConsoleConfig {
    std::vector<std::string> administrators;
    std::vector<std::string> helpdesk; // read-only, may resend the referents' mails
    std::string min_acr;
    int reauth_seconds = 1800; // a decision needs a login younger than this (re-authentication)
};

struct Config {
    std::string issuer;        // e.g. https://localhost:8443/auth/realms/esculape
    storage::Settings storage; // [storage] (or the top-level `database` path of older files)
    std::string demo_dir;      // conf/demo: loaded by `idp demo-seed`
    std::string templates_dir; // idp/web/templates
    bool dev_mode = false;     // enables loud warnings for insecure values
    ServerConfig server;
    TlsConfig tls;
    TokenConfig tokens;
    SessionConfig session;
    LoginConfig login;
    domain::LoginRule login_rule = domain::LoginRule::first_dot_last; // [accounts] login_rule
    domain::PasswordPolicy password;                                  // [password]
    AcrConfig acr;
    CardConfig card;
    MobileConfig mobile;
    OcraConfig ocra;
    PasskeyConfig passkey;
    WorkstationConfig workstation;
    ConsoleConfig console;
    KeysConfig keys;
    MailConfig mail;
    std::vector<Community> communities;
    std::vector<domain::Client> clients;

    // Path part of the issuer ("/auth/realms/esculape"), routes hang under it.
    std::string issuer_path() const;
};

struct ConfigError {
    std::string path;    // e.g. "clients.dcc.redirect_uris[0]"
    std::string message; // what is wrong and how to fix it
};

struct LoadResult {
    Config config;
    std::vector<ConfigError> errors;   // empty = valid
    std::vector<std::string> warnings; // insecure development values, printed loudly
    bool ok() const { return errors.empty(); }
};

// Loads `path` and every *.toml under `<dir of path>/clients/`. Relative paths in the file are
// resolved against the directory of `path`. Secrets: `secret_env = "NAME"` / `secret_file = "F"`.
LoadResult load_config(const std::string& path);
// Same from a TOML string (tests); clients_dir may be empty.
LoadResult load_config_from_string(const std::string& toml, const std::string& base_dir,
                                   const std::string& clients_dir = "");

} // namespace esc::config
