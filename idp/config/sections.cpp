#include "config/sections.hpp"

#include <algorithm>
#include <filesystem>

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

    top.read("database", config.database_path);
    if (config.database_path.empty()) diag.error("database", "must not be empty");
    config.database_path = resolve_path(base_dir, config.database_path);

    if (top.read("demo_dir", config.demo_dir)) config.demo_dir = resolve_path(base_dir, config.demo_dir);
    check_directory(diag, "demo_dir", config.demo_dir);

    top.read("templates_dir", config.templates_dir);
    if (config.templates_dir.empty())
        diag.error("templates_dir", "required: directory of the page templates (idp/web/templates)");
    config.templates_dir = resolve_path(base_dir, config.templates_dir);
    check_directory(diag, "templates_dir", config.templates_dir);
}

void read_server(TableReader& top, ServerConfig& server) {
    const toml::table* table = top.table("server");
    if (!table) return;
    TableReader r(*table, "server", top.diag());
    std::string listen;
    if (r.read("listen", listen)) {
        std::string why;
        if (auto address = parse_listen(listen, why)) {
            server.listen_address = address->host;
            server.port = address->port;
        } else {
            r.diag().error(r.path_of("listen"), why);
        }
    }
    r.read("worker_threads", server.worker_threads, 1, 64);
    r.read("max_header_bytes", server.max_header_bytes, 1024, 1024 * 1024);
    r.read("max_body_bytes", server.max_body_bytes, 1024, 64 * 1024 * 1024);
    r.read("read_timeout", server.read_timeout_seconds, 1, 3600);
    r.read("write_timeout", server.write_timeout_seconds, 1, 3600);
    r.read("idle_timeout", server.idle_timeout_seconds, 1, 3600);
    r.read("max_connections", server.max_connections, 1, 1000000);
    if (r.read("trusted_proxies", server.trusted_proxies)) {
        for (std::size_t i = 0; i < server.trusted_proxies.size(); ++i)
            if (!is_ip_literal(server.trusted_proxies[i]))
                r.diag().error(r.path_of("trusted_proxies") + "[" + std::to_string(i) + "]",
                               "not an IP address: " + server.trusted_proxies[i]);
    }
    r.read("access_log", server.access_log);
    r.finish();
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

void read_acr(TableReader& top, AcrConfig& acr) {
    const toml::table* table = top.table("acr");
    if (!table) return;
    TableReader r(*table, "acr", top.diag());
    const std::pair<const char*, std::string*> fields[] = {
        {"password", &acr.password}, {"mobile", &acr.mobile}, {"card", &acr.card}};
    for (const auto& [key, value] : fields) {
        if (!r.read(key, *value)) continue;
        bool blank = value->empty() || value->find_first_of(" \t\r\n\"") != std::string::npos;
        if (blank) r.diag().error(r.path_of(key), "must be a non-empty acr value without spaces (e.g. eidas1)");
    }
    r.finish();
}

} // namespace esc::config::detail
