#include "config/sections.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string_view>

#include "config/url_rules.hpp"

namespace esc::config::detail {

namespace {

constexpr std::int64_t kDay = 86400;

void check_directory(Diagnostics& diag, const std::string& path_key, const std::string& dir) {
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) diag.error(path_key, "not a directory: " + dir);
}

void check_readable(Diagnostics& diag, const std::string& path_key, const std::string& file) {
    if (!is_readable_file(file)) diag.error(path_key, "not readable: " + file);
}

} // namespace

void read_top_level(TableReader& top, Config& config, const std::string& base_dir) {
    auto& diag = top.diag();
    top.read("dev_mode", config.dev_mode);
    if (config.dev_mode)
        diag.warn("dev_mode = true: development settings are accepted (http on localhost, short secrets); "
                  "never use this in production");

    top.read("issuer", config.issuer);
    if (auto problem = issuer_problem(config.issuer, config.dev_mode); !problem.empty()) diag.error("issuer", problem);

    if (top.read("demo_dir", config.demo_dir)) config.demo_dir = resolve_path(base_dir, config.demo_dir);
    check_directory(diag, "demo_dir", config.demo_dir);

    top.read("templates_dir", config.templates_dir);
    if (config.templates_dir.empty())
        diag.error("templates_dir", "required: directory of the page templates (idp/web/templates)");
    config.templates_dir = resolve_path(base_dir, config.templates_dir);
    check_directory(diag, "templates_dir", config.templates_dir);
}

void read_storage(TableReader& top, Config& config, const std::string& base_dir) {
    auto& diag = top.diag();
    storage::Settings& settings = config.storage;
    // Files written before [storage] existed name the database at the top level; both is ambiguous.
    const bool legacy = top.read("database", settings.path);
    std::optional<TableReader> r;
    if (const toml::table* table = top.table("storage")) r.emplace(*table, "storage", diag);
    if (r) {
        std::string backend;
        if (r->read("backend", backend)) {
            if (backend == "sqlite") {
                settings.backend = storage::Backend::sqlite;
            } else if (backend == "memory") {
                settings.backend = storage::Backend::memory;
            } else if (backend == "postgresql" || backend == "postgres") {
                diag.error(r->path_of("backend"), "this build has no PostgreSQL backend yet; use \"sqlite\" (several "
                                                  "idp processes on one host share one SQLite file)");
            } else {
                diag.error(r->path_of("backend"), "unknown backend \"" + backend + "\": use \"sqlite\" or \"memory\"");
            }
        }
        if (r->has("path") && legacy)
            diag.error(r->path_of("path"), "the database is named twice (top-level `database` and storage.path): "
                                           "keep storage.path only");
        r->read("path", settings.path);
        r->finish();
    }
    if (settings.path.empty()) diag.error(r ? "storage.path" : "database", "must not be empty");
    settings.path = resolve_path(base_dir, settings.path);
    if (settings.backend == storage::Backend::memory) {
        if (!config.dev_mode)
            diag.error("storage.backend", "\"memory\" keeps nothing after the process exits (every account, "
                                          "session and key is lost): only with dev_mode = true; use \"sqlite\"");
        else
            diag.warn("storage.backend = \"memory\": accounts, sessions and tokens live in this process only and "
                      "are lost when it stops; serve loads the demo directory itself");
    }
}

namespace {

constexpr std::size_t kMinProxySecretLength = 32;

void parse_listen_into(TableReader& r, const char* key, const std::string& listen, std::string& host,
                       std::uint16_t& port) {
    std::string why;
    if (auto address = parse_listen(listen, why, true)) {
        host = address->host;
        port = address->port;
    } else {
        r.diag().error(r.path_of(key), why);
    }
}

void read_listen(TableReader& r, const char* key, std::string& host, std::uint16_t& port) {
    std::string listen;
    if (r.read(key, listen)) parse_listen_into(r, key, listen, host, port);
}

// RFC 9110 §5.1 field-name = token.
bool is_header_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) ||
               std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    });
}

// The secret that makes a trusted proxy's forwarded client certificate believable: from exactly
// one of proxy_secret, proxy_secret_env or proxy_secret_file (like client secrets, conf/README.md).
void read_proxy_secret(TableReader& r, ServerConfig& server, const std::string& base_dir, bool dev_mode) {
    auto& diag = r.diag();
    std::string inline_value, env, file;
    const bool has_value = r.read("proxy_secret", inline_value);
    const bool has_env = r.read("proxy_secret_env", env);
    const bool has_file = r.read("proxy_secret_file", file);
    const int sources = int(has_value) + int(has_env) + int(has_file);
    if (sources > 1) {
        diag.error(r.path_of("proxy_secret"), "give only one of proxy_secret, proxy_secret_env, proxy_secret_file");
        return;
    }
    if (has_value) {
        server.proxy_secret = inline_value;
        if (!dev_mode)
            diag.warn(r.path_of("proxy_secret") + ": secret written in the configuration file; prefer "
                                                  "proxy_secret_env or proxy_secret_file");
    } else if (has_env) {
        const char* value = env.empty() ? nullptr : std::getenv(env.c_str());
        if (!value || !*value) {
            diag.error(r.path_of("proxy_secret_env"), "environment variable " + env + " is not set or empty");
            return;
        }
        server.proxy_secret = value;
    } else if (has_file) {
        auto path = resolve_path(base_dir, file);
        auto content = read_file(path);
        if (!content) {
            diag.error(r.path_of("proxy_secret_file"), "not readable: " + path);
            return;
        }
        while (!content->empty() && std::isspace(static_cast<unsigned char>(content->back())))
            content->pop_back();
        server.proxy_secret = std::move(*content);
    }
    if (sources == 1 && server.proxy_secret.size() < kMinProxySecretLength) {
        std::string text = "shorter than " + std::to_string(kMinProxySecretLength) +
                           " characters; generate one with `openssl rand -base64 32`";
        if (dev_mode)
            diag.warn(r.path_of("proxy_secret") + ": " + text + " (accepted because dev_mode = true)");
        else
            diag.error(r.path_of("proxy_secret"), text);
    }
    if (r.read("proxy_secret_header", server.proxy_secret_header) && !is_header_name(server.proxy_secret_header))
        diag.error(r.path_of("proxy_secret_header"), "not a header name: \"" + server.proxy_secret_header + "\"");
    if (!server.trusted_proxies.empty() && server.proxy_secret.empty())
        diag.warn("server.trusted_proxies without server.proxy_secret: client certificates forwarded by the proxies "
                  "(X-Client-Cert) will be ignored");
}

} // namespace

void read_server(TableReader& top, ServerConfig& server, const std::string& base_dir, bool dev_mode) {
    const toml::table* table = top.table("server");
    if (!table) return;
    TableReader r(*table, "server", top.diag());
    if (const toml::node* listen = table->get("listen"); listen && listen->is_array()) {
        // A list: every entry bound (e.g. ["127.0.0.1:8443", "[::1]:8443"] for IPv4 and IPv6 clients).
        std::vector<std::string> entries;
        r.read("listen", entries);
        if (entries.empty()) r.diag().error(r.path_of("listen"), "must list at least one host:port");
        for (std::size_t i = 0; i < entries.size(); ++i) {
            std::string why;
            auto address = parse_listen(entries[i], why, true);
            if (!address) {
                r.diag().error(r.path_of("listen") + "[" + std::to_string(i) + "]", why);
            } else if (i == 0) {
                server.listen_address = address->host;
                server.port = address->port;
            } else {
                server.listen_also.push_back({address->host, address->port});
            }
        }
    } else {
        read_listen(r, "listen", server.listen_address, server.port);
    }
    if (std::string admin; r.read("admin_listen", admin)) {
        if (admin.empty())
            server.admin_enabled = false; // no admin listener: /readyz and /metrics are not served
        else
            parse_listen_into(r, "admin_listen", admin, server.admin_address, server.admin_port);
    }
    r.read("worker_threads", server.worker_threads, 1, 64);
    r.read("store_workers", server.store_workers, 1, 64);
    r.read("max_header_bytes", server.max_header_bytes, 1024, 1024 * 1024);
    r.read("max_body_bytes", server.max_body_bytes, 1024, 64 * 1024 * 1024);
    r.read("read_timeout", server.read_timeout_seconds, 1, 3600);
    r.read("write_timeout", server.write_timeout_seconds, 1, 3600);
    r.read("idle_timeout", server.idle_timeout_seconds, 1, 3600);
    r.read("first_byte_timeout", server.first_byte_timeout_seconds, 1, 3600);
    r.read("max_connections", server.max_connections, 1, 1000000);
    r.read("max_connections_per_address", server.max_connections_per_address, 1, 1000000);
    // RFC 6797 §6.1.1: max-age in seconds; two years is the usual ceiling (preload lists ask one).
    r.read("hsts_max_age", server.hsts_max_age_seconds, 0, 2 * 365 * kDay);
    if (r.read("trusted_proxies", server.trusted_proxies)) {
        for (std::size_t i = 0; i < server.trusted_proxies.size(); ++i)
            if (!is_ip_literal(server.trusted_proxies[i]))
                r.diag().error(r.path_of("trusted_proxies") + "[" + std::to_string(i) + "]",
                               "not an IP address: " + server.trusted_proxies[i]);
    }
    read_proxy_secret(r, server, base_dir, dev_mode);
    r.read("access_log", server.access_log);
    r.finish();
    if (server.admin_enabled && server.admin_port == server.port &&
        (server.admin_address == server.listen_address || server.admin_address == "0.0.0.0" ||
         server.listen_address == "0.0.0.0"))
        r.diag().error("server.admin_listen", "must use another port than server.listen");
    if (server.admin_enabled && server.admin_address != "127.0.0.1" && server.admin_address != "::1" &&
        server.admin_address != "localhost")
        r.diag().warn("server.admin_listen = " + server.admin_address +
                      ": /metrics and /readyz are served without TLS or authentication on a non-loopback address; "
                      "restrict it with a firewall");
}

void read_tls(TableReader& top, TlsConfig& tls, const std::string& base_dir) {
    if (const toml::table* table = top.table("tls")) {
        TableReader r(*table, "tls", top.diag());
        r.read("enabled", tls.enabled);
        r.read("cert_file", tls.cert_file);
        r.read("key_file", tls.key_file);
        r.read("client_ca_file", tls.client_ca_file);
        r.finish();
    }
    tls.cert_file = resolve_path(base_dir, tls.cert_file);
    tls.key_file = resolve_path(base_dir, tls.key_file);
    tls.client_ca_file = resolve_path(base_dir, tls.client_ca_file);
    auto& diag = top.diag();
    if (!tls.enabled) {
        diag.warn("tls.enabled = false: the server speaks plain HTTP; only acceptable behind a TLS-terminating proxy");
        return;
    }
    if (tls.cert_file.empty())
        diag.error("tls.cert_file", "required when tls.enabled = true");
    else
        check_readable(diag, "tls.cert_file", tls.cert_file);
    if (tls.key_file.empty())
        diag.error("tls.key_file", "required when tls.enabled = true");
    else
        check_readable(diag, "tls.key_file", tls.key_file);
    if (!tls.client_ca_file.empty()) check_readable(diag, "tls.client_ca_file", tls.client_ca_file);
}

void read_tokens(TableReader& top, TokenConfig& tokens) {
    if (const toml::table* table = top.table("tokens")) {
        TableReader r(*table, "tokens", top.diag());
        r.read("access_token_lifetime", tokens.access_token_seconds, 1, kDay);
        r.read("id_token_lifetime", tokens.id_token_seconds, 1, kDay);
        r.read("refresh_token_lifetime", tokens.refresh_token_seconds, 1, 365 * kDay);
        // RFC 6749 §4.1.2: authorization codes live 10 minutes at most.
        r.read("code_lifetime", tokens.code_seconds, 1, 600);
        r.read("signing_algs", tokens.signing_algs);
        r.read("default_alg", tokens.default_alg);
        r.read("refresh_reuse_grace", tokens.refresh_reuse_grace_seconds, 0, 60);
        r.finish();
    }
    auto& diag = top.diag();
    if (tokens.refresh_token_seconds < tokens.access_token_seconds)
        diag.error("tokens.refresh_token_lifetime", "must be at least tokens.access_token_lifetime (" +
                                                        std::to_string(tokens.access_token_seconds) + ")");
    if (tokens.signing_algs.empty()) diag.error("tokens.signing_algs", "must list at least one of RS256, ES256");
    // Fixed asymmetric algorithms only (RFC 9700 §2.1 and ANSSI): never "none", never a shared-secret HS*.
    for (std::size_t i = 0; i < tokens.signing_algs.size(); ++i) {
        const auto& alg = tokens.signing_algs[i];
        std::string path = "tokens.signing_algs[" + std::to_string(i) + "]";
        if (alg != "RS256" && alg != "ES256")
            diag.error(path, "unsupported algorithm " + alg + " (allowed: RS256, ES256)");
        else if (std::count(tokens.signing_algs.begin(), tokens.signing_algs.end(), alg) > 1)
            diag.error(path, "duplicate algorithm " + alg);
    }
    if (std::find(tokens.signing_algs.begin(), tokens.signing_algs.end(), tokens.default_alg) ==
        tokens.signing_algs.end())
        diag.error("tokens.default_alg", "must be one of tokens.signing_algs, got \"" + tokens.default_alg + "\"");
}

void read_session(TableReader& top, SessionConfig& session) {
    if (const toml::table* table = top.table("session")) {
        TableReader r(*table, "session", top.diag());
        r.read("absolute_lifetime", session.absolute_seconds, 60, 30 * kDay);
        r.read("idle_lifetime", session.idle_seconds, 60, 30 * kDay);
        r.finish();
    }
    if (session.idle_seconds > session.absolute_seconds)
        top.diag().error("session.idle_lifetime", "must not exceed session.absolute_lifetime (" +
                                                      std::to_string(session.absolute_seconds) + ")");
}

void read_login(TableReader& top, LoginConfig& login) {
    const toml::table* table = top.table("login");
    if (!table) return;
    TableReader r(*table, "login", top.diag());
    r.read("max_failures_per_account", login.max_failures_per_account, 1, 1000);
    r.read("max_failures_per_address", login.max_failures_per_address, 1, 100000);
    r.read("window", login.window_seconds, 1, kDay);
    r.read("lockout", login.lockout_seconds, 1, 7 * kDay);
    r.read("password_workers", login.password_workers, 1, 64);
    r.finish();
}

void read_accounts(TableReader& top, Config& config) {
    const toml::table* table = top.table("accounts");
    if (!table) return;
    TableReader r(*table, "accounts", top.diag());
    if (std::string rule; r.read("login_rule", rule)) {
        if (auto parsed = domain::parse_login_rule(rule))
            config.login_rule = *parsed;
        else
            r.diag().error(r.path_of("login_rule"),
                           "must be \"prenom.nom\" (jean.dupont), \"pnom\" (jdupont) or \"p.nomxxxx\" (j.dupont)");
    }
    r.finish();
}

void read_password(TableReader& top, domain::PasswordPolicy& policy) {
    const toml::table* table = top.table("password");
    if (!table) return;
    TableReader r(*table, "password", top.diag());
    // Below 8 characters no policy is acceptable (ANSSI, NIST SP 800-63B §5.1.1.1).
    r.read("min_length", policy.min_length, 8, 64);
    r.read("max_age_days", policy.max_age_days, 0, 3650);
    r.read("warn_days", policy.warn_days, 0, 90);
    r.read("history", policy.history, 0, 24);
    r.finish();
    if (policy.max_age_days > 0 && policy.warn_days >= policy.max_age_days)
        top.diag().error("password.warn_days",
                         "must be less than password.max_age_days (" + std::to_string(policy.max_age_days) + ")");
}

void read_acr(TableReader& top, AcrConfig& acr) {
    const toml::table* table = top.table("acr");
    if (!table) return;
    TableReader r(*table, "acr", top.diag());
    const std::pair<const char*, std::string*> fields[] = {
        {"password", &acr.password}, {"mobile", &acr.mobile}, {"card", &acr.card},
        {"passkey", &acr.passkey},   {"ocra", &acr.ocra},     {"certificate", &acr.certificate}};
    for (const auto& [key, value] : fields) {
        if (!r.read(key, *value)) continue;
        // Levels are compared to decide step-up, so only the three eIDAS levels mean something.
        if (*value != "eidas1" && *value != "eidas2" && *value != "eidas3")
            r.diag().error(r.path_of(key), "must be eidas1, eidas2 or eidas3 (got \"" + *value + "\")");
    }
    r.finish();
}

} // namespace esc::config::detail

namespace esc::config::detail {

namespace {

// One 32-byte secret of [keys]: a file or an environment variable, exactly one; in dev_mode a file
// beside the database by default.
void read_secret(TableReader* r, Diagnostics& diag, const std::string& key, std::string& file, std::string& env,
                 const std::string& dev_default, bool dev_mode, const std::string& base_dir, const std::string& why) {
    bool has_file = r && r->read(key + "_file", file);
    bool has_env = r && r->read(key + "_env", env);
    const std::string create = "create it with `umask 077; openssl rand -base64 32 > FILE` (outside the "
                               "database's directory and its backups)";
    if (has_file && has_env) {
        diag.error("keys." + key + "_env", "give only one of keys." + key + "_file or keys." + key + "_env");
        return;
    }
    if (has_env) {
        const char* value = std::getenv(env.c_str());
        if (env.empty() || value == nullptr || *value == '\0')
            diag.error("keys." + key + "_env", "environment variable " + env +
                                                   " is not set or empty; set it to the output of "
                                                   "`openssl rand -base64 32`");
        return;
    }
    if (!has_file) {
        if (dev_mode) {
            file = dev_default;
            return;
        }
        diag.error("keys." + key + "_file",
                   "required outside dev_mode: " + why + "; " + create + ", or set keys." + key + "_env");
        return;
    }
    if (file.empty()) {
        diag.error("keys." + key + "_file", "must not be empty");
        return;
    }
    // Existence, mode and content are checked when a command needs it (app/key_encryption.cpp): in
    // dev_mode a missing file is generated then.
    file = resolve_path(base_dir, file);
}

} // namespace

void read_keys(TableReader& top, Config& config, const std::string& base_dir) {
    KeysConfig& keys = config.keys;
    std::optional<TableReader> r;
    if (const toml::table* table = top.table("keys")) r.emplace(*table, "keys", top.diag());
    const auto dir = std::filesystem::path(config.storage.path).parent_path();
    read_secret(r ? &*r : nullptr, top.diag(), "encryption_key", keys.encryption_key_file, keys.encryption_key_env,
                (dir / "esculape.kek").string(), config.dev_mode, base_dir,
                "the signing keys are stored encrypted under this key-encryption key");
    read_secret(r ? &*r : nullptr, top.diag(), "hmac_secret", keys.hmac_secret_file, keys.hmac_secret_env,
                (dir / "esculape.hmac").string(), config.dev_mode, base_dir,
                "the CSRF tokens and device cookies are signed with this secret, the same on every node");
    if (r) r->finish();
}

} // namespace esc::config::detail
