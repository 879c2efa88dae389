// Top-level keys and the fixed sections of idp.toml: types, ranges, cross-field rules, unknown keys.
#include "config_fixture.hpp"

using namespace esc::config;
using namespace esc::config::test;

TEST_CASE("minimal document loads with its values and defaults", "[unit]") {
    TempDir dir;
    auto r = load(dir, kMinimal + "[server]\nlisten = \"[::1]:9443\"\nworker_threads = 4\n");
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.issuer == "https://idp.example/auth/realms/esculape");
    CHECK(r.config.issuer_path() == "/auth/realms/esculape");
    CHECK(r.config.server.listen_address == "::1");
    CHECK(r.config.server.port == 9443);
    CHECK(r.config.server.worker_threads == 4);
    CHECK(r.config.tokens.access_token_seconds == 120);
    CHECK(r.config.storage.path == (dir.path() / "var/esculape.db").string());
    CHECK(r.config.templates_dir == dir.str());
    CHECK(has_warning(r, "tls.enabled = false"));
}

TEST_CASE("issuer_path is empty for an issuer without path", "[unit]") {
    Config c;
    c.issuer = "https://idp.example:8443";
    CHECK(c.issuer_path().empty());
    c.issuer = "https://idp.example/realms/x";
    CHECK(c.issuer_path() == "/realms/x");
}

TEST_CASE("issuer rules", "[unit]") {
    TempDir dir;
    const std::string good = "issuer = \"https://idp.example/auth/realms/esculape\"";
    auto with_issuer = [&](const std::string& line) { return load(dir, replaced(kMinimal, good, line)); };

    CHECK(has_error(load(dir, replaced(kMinimal, good, "")), "issuer", "required"));
    CHECK(has_error(with_issuer("issuer = \"http://idp.example/realms/x\""), "issuer", "must use https"));
    CHECK(has_error(with_issuer("issuer = \"http://localhost:8080/realms/x\""), "issuer", "dev_mode"));
    CHECK(has_error(with_issuer("issuer = \"https://idp.example/realms/x?a=b\""), "issuer", "query"));
    CHECK(has_error(with_issuer("issuer = \"https://idp.example/realms/x#f\""), "issuer", "fragment"));
    CHECK(has_error(with_issuer("issuer = \"https://idp.example/realms/x/\""), "issuer", "must not end with '/'"));
    CHECK(has_error(with_issuer("issuer = \"idp.example/realms\""), "issuer", "absolute URL"));
    CHECK(has_error(with_issuer("issuer = \"ftp://idp.example\""), "issuer", "https"));

    auto dev = load(dir, replaced(replaced(kMinimal, good, "issuer = \"http://127.0.0.1:8080/realms/x\""),
                                  "dev_mode = false", "dev_mode = true"));
    INFO(describe(dev));
    CHECK(dev.ok());
    CHECK(has_warning(dev, "dev_mode = true"));
}

TEST_CASE("paths: templates_dir must exist, demo_dir is optional", "[unit]") {
    TempDir dir;
    auto r =
        load(dir, replaced(kMinimal, "templates_dir = \".\"", "templates_dir = \"nowhere\"\ndemo_dir = \"nodemo\""));
    CHECK(has_error(r, "templates_dir", "not a directory: " + (dir.path() / "nowhere").string()));
    CHECK(has_error(r, "demo_dir", "not a directory"));
    CHECK(has_error(load(dir, replaced(kMinimal, "templates_dir = \".\"\n", "")), "templates_dir", "required"));
}

TEST_CASE("server: listen address, ranges, types, proxies", "[unit]") {
    TempDir dir;
    auto server = [&](const std::string& body) { return load(dir, kMinimal + "[server]\n" + body + "\n"); };
    CHECK(has_error(server("listen = \"0.0.0.0\""), "server.listen", "host:port"));
    CHECK(has_error(server("listen = \"bad_name!:443\""), "server.listen", "IP address"));
    CHECK(has_error(server("listen = \"10.0.0.300:443\""), "server.listen", "IP address"));
    CHECK(has_error(server("listen = \"0.0.0.0:0\""), "server.listen", "1 to 65535"));
    CHECK(has_error(server("listen = \"0.0.0.0:70000\""), "server.listen", "1 to 65535"));
    CHECK(has_error(server("listen = \"::1:8443\""), "server.listen", "bracketed"));
    CHECK(has_error(server("worker_threads = 0"), "server.worker_threads", "out of range"));
    CHECK(has_error(server("worker_threads = 65"), "server.worker_threads", "allowed 1 to 64"));
    CHECK(has_error(server("worker_threads = \"2\""), "server.worker_threads", "expected an integer, got string"));
    CHECK(has_error(server("read_timeout = 1.5"), "server.read_timeout", "expected an integer, got float"));
    CHECK(has_error(server("max_body_bytes = 10"), "server.max_body_bytes", "out of range"));
    CHECK(has_error(server("access_log = \"yes\""), "server.access_log", "true or false"));
    CHECK(has_error(server("trusted_proxies = [\"10.0.0.1\", \"proxy.lan\"]"), "server.trusted_proxies[1]",
                    "not an IP address: proxy.lan"));
    CHECK(has_error(server("trusted_proxies = [1]"), "server.trusted_proxies[0]", "expected a string"));
    CHECK(server("trusted_proxies = [\"10.0.0.1\", \"fd00::1\"]").ok());
}

TEST_CASE("server: host names, lists of addresses, admin listener, connection limits, HSTS", "[unit]") {
    TempDir dir;
    auto server = [&](const std::string& body) { return load(dir, kMinimal + "[server]\n" + body + "\n"); };
    auto named = server("listen = \"localhost:8443\"");
    INFO(describe(named));
    REQUIRE(named.ok());
    CHECK(named.config.server.listen_address == "localhost");
    auto list = server("listen = [\"127.0.0.1:8443\", \"[::1]:8443\"]");
    REQUIRE(list.ok());
    CHECK(list.config.server.listen_address == "127.0.0.1");
    REQUIRE(list.config.server.listen_also.size() == 1);
    CHECK(list.config.server.listen_also[0].host == "::1");
    CHECK(list.config.server.listen_also[0].port == 8443);
    CHECK(has_error(server("listen = [\"127.0.0.1:8443\", \"nope\"]"), "server.listen[1]", "host:port"));
    CHECK(has_error(server("listen = []"), "server.listen", "at least one"));

    auto defaults = server("");
    REQUIRE(defaults.ok());
    CHECK(defaults.config.server.admin_enabled);
    CHECK(defaults.config.server.admin_address == "127.0.0.1");
    CHECK(defaults.config.server.max_connections_per_address == 32);
    CHECK(defaults.config.server.first_byte_timeout_seconds == 5);
    CHECK(defaults.config.server.hsts_max_age_seconds == 31536000);
    auto off = server("admin_listen = \"\"");
    REQUIRE(off.ok());
    CHECK_FALSE(off.config.server.admin_enabled);
    CHECK(has_error(server("listen = \"127.0.0.1:9000\"\nadmin_listen = \"127.0.0.1:9000\""), "server.admin_listen",
                    "another port"));
    CHECK(has_warning(server("admin_listen = \"0.0.0.0:9100\""), "without TLS or authentication"));
    CHECK(has_error(server("max_connections_per_address = 0"), "server.max_connections_per_address", "out of range"));
    CHECK(has_error(server("first_byte_timeout = 0"), "server.first_byte_timeout", "out of range"));
    CHECK(has_error(server("hsts_max_age = -1"), "server.hsts_max_age", "out of range"));
}

TEST_CASE("server: proxy secret from one source, long enough", "[unit]") {
    TempDir dir;
    auto server = [&](const std::string& body) { return load(dir, kMinimal + "[server]\n" + body + "\n"); };
    const std::string secret = "0123456789abcdef0123456789abcdef";
    auto inline_secret = server("trusted_proxies = [\"10.0.0.1\"]\nproxy_secret = \"" + secret + "\"");
    INFO(describe(inline_secret));
    REQUIRE(inline_secret.ok());
    CHECK(inline_secret.config.server.proxy_secret == secret);
    CHECK(inline_secret.config.server.proxy_secret_header == "X-Proxy-Secret");
    CHECK(has_error(server("proxy_secret = \"short\""), "server.proxy_secret", "shorter than 32"));
    CHECK(has_error(server("proxy_secret = \"" + secret + "\"\nproxy_secret_env = \"X\""), "server.proxy_secret",
                    "only one"));
    CHECK(
        has_error(server("proxy_secret_env = \"ESC_TEST_UNSET_PROXY_SECRET\""), "server.proxy_secret_env", "not set"));
    CHECK(has_error(server("proxy_secret_file = \"missing\""), "server.proxy_secret_file", "not readable"));
    CHECK(has_error(server("proxy_secret = \"" + secret + "\"\nproxy_secret_header = \"X Bad\""),
                    "server.proxy_secret_header", "not a header name"));
    CHECK(has_warning(server("trusted_proxies = [\"10.0.0.1\"]"), "will be ignored"));
}

TEST_CASE("unknown keys are reported with their path and a hint", "[unit]") {
    TempDir dir;
    auto r = load(dir, replaced(kMinimal, "dev_mode = false", "dev_mode = false\ndatabse = \"x.db\"") +
                           "[server]\nlistne = \"0.0.0.0:8443\"\n[srever]\nx = 1\n[tokens]\nlifetime = 3\n");
    INFO(describe(r));
    CHECK(has_error(r, "server.listne", "unknown key (did you mean listen?)"));
    CHECK(has_error(r, "databse", "did you mean database?"));
    CHECK(has_error(r, "srever", "did you mean server?"));
    CHECK(has_error(r, "tokens.lifetime", "unknown key"));
    CHECK_FALSE(has_error(r, "tokens.lifetime", "did you mean"));
}

TEST_CASE("tls: files must be readable when enabled", "[unit]") {
    TempDir dir;
    std::string tls = "[tls]\nenabled = false\n";
    auto with_tls = [&](const std::string& body) { return load(dir, replaced(kMinimal, tls, "[tls]\n" + body)); };

    auto missing = with_tls("enabled = true\ncert_file = \"certs/a.crt\"\nkey_file = \"certs/a.key\"\n"
                            "client_ca_file = \"ca.pem\"\n");
    CHECK(has_error(missing, "tls.cert_file", "not readable: " + (dir.path() / "certs/a.crt").string()));
    CHECK(has_error(missing, "tls.key_file", "not readable: " + (dir.path() / "certs/a.key").string()));
    CHECK(has_error(missing, "tls.client_ca_file", "not readable"));
    CHECK(has_error(with_tls("enabled = true\n"), "tls.cert_file", "required"));

    dir.write("certs/a.crt", "cert");
    dir.write("certs/a.key", "key");
    auto present = with_tls("enabled = true\ncert_file = \"certs/a.crt\"\nkey_file = \"certs/a.key\"\n");
    INFO(describe(present));
    CHECK(present.ok());
    CHECK(present.config.tls.key_file == (dir.path() / "certs/a.key").string());
    CHECK_FALSE(has_warning(present, "tls.enabled"));
}

TEST_CASE("tokens: lifetimes, ordering and algorithms", "[unit]") {
    TempDir dir;
    auto tokens = [&](const std::string& body) { return load(dir, kMinimal + "[tokens]\n" + body + "\n"); };
    CHECK(has_error(tokens("access_token_lifetime = 0"), "tokens.access_token_lifetime", "out of range"));
    CHECK(has_error(tokens("id_token_lifetime = -5"), "tokens.id_token_lifetime", "out of range"));
    CHECK(has_error(tokens("code_lifetime = 601"), "tokens.code_lifetime", "out of range"));
    CHECK(has_error(tokens("access_token_lifetime = 600\nrefresh_token_lifetime = 300"),
                    "tokens.refresh_token_lifetime", "at least tokens.access_token_lifetime"));
    auto bad_algs = tokens("signing_algs = [\"RS256\", \"none\", \"HS256\", \"RS256\"]");
    CHECK(has_error(bad_algs, "tokens.signing_algs[1]", "unsupported algorithm none"));
    CHECK(has_error(bad_algs, "tokens.signing_algs[2]", "unsupported algorithm HS256"));
    CHECK(has_error(bad_algs, "tokens.signing_algs[3]", "duplicate"));
    CHECK(has_error(tokens("signing_algs = []"), "tokens.signing_algs", "at least one"));
    CHECK(has_error(tokens("signing_algs = [\"ES256\"]"), "tokens.default_alg", "must be one of tokens.signing_algs"));
    CHECK(tokens("signing_algs = [\"ES256\"]\ndefault_alg = \"ES256\"").ok());
}

TEST_CASE("session, login and acr ranges", "[unit]") {
    TempDir dir;
    auto section = [&](const std::string& text) { return load(dir, kMinimal + text + "\n"); };
    CHECK(has_error(section("[session]\nabsolute_lifetime = 3600\nidle_lifetime = 7200"), "session.idle_lifetime",
                    "must not exceed session.absolute_lifetime"));
    CHECK(has_error(section("[session]\nabsolute_lifetime = 0"), "session.absolute_lifetime", "out of range"));
    CHECK(has_error(section("[login]\npassword_workers = 0"), "login.password_workers", "allowed 1 to 64"));
    CHECK(has_error(section("[login]\npassword_workers = 65"), "login.password_workers", "allowed 1 to 64"));
    CHECK(has_error(section("[login]\nmax_failures_per_account = 0"), "login.max_failures_per_account", "range"));
    CHECK(has_error(section("[login]\nwindow = 0"), "login.window", "out of range"));
    CHECK(has_error(section("[acr]\ncard = \"\""), "acr.card", "eidas1, eidas2 or eidas3"));
    CHECK(has_error(section("[acr]\nocra = \"loa2\""), "acr.ocra", "eidas1, eidas2 or eidas3"));
    auto acr = section("[acr]\npassword = \"eidas1\"\nmobile = \"eidas3\"");
    REQUIRE(acr.ok());
    CHECK(acr.config.acr.mobile == "eidas3");
}

TEST_CASE("[ocra] takes only challenge-only numeric suites", "[unit]") {
    TempDir dir;
    auto section = [&](const std::string& text) { return load(dir, kMinimal + text + "\n"); };
    auto ok = section("[ocra]\nenabled = true\nsuite = \"OCRA-1:HOTP-SHA256-6:QN10\"\nchallenge_lifetime = 60");
    REQUIRE(ok.ok());
    CHECK(ok.config.ocra.enabled);
    CHECK(ok.config.ocra.suite == "OCRA-1:HOTP-SHA256-6:QN10");
    CHECK(ok.config.ocra.challenge_seconds == 60);
    CHECK(has_error(section("[ocra]\nsuite = \"OCRA-2:nope\""), "ocra.suite", "is not an OCRA suite"));
    CHECK(has_error(section("[ocra]\nsuite = \"OCRA-1:HOTP-SHA1-8:C-QN08\""), "ocra.suite", "no counter"));
    CHECK(has_error(section("[ocra]\nsuite = \"OCRA-1:HOTP-SHA1-8:QN08-PSHA1\""), "ocra.suite", "PIN"));
    CHECK(has_error(section("[ocra]\nsuite = \"OCRA-1:HOTP-SHA1-8:QA08\""), "ocra.suite", "numeric"));
    CHECK(has_error(section("[ocra]\nchallenge_lifetime = 5"), "ocra.challenge_lifetime", "out of range"));
}

TEST_CASE("[passkey] needs an issuer on a host name", "[unit]") {
    TempDir dir;
    auto ok = load(dir, kMinimal + "[passkey]\nenabled = true\nceremony_lifetime = 120\n");
    REQUIRE(ok.ok());
    CHECK(ok.config.passkey.enabled);
    CHECK(ok.config.passkey.ceremony_seconds == 120);
    auto on_ip =
        load(dir, replaced(kMinimal, "https://idp.example/", "https://192.0.2.10/") + "[passkey]\nenabled = true\n");
    CHECK(has_error(on_ip, "passkey.enabled", "host name"));
    CHECK(has_error(load(dir, kMinimal + "[passkey]\nceremony_lifetime = 1\n"), "passkey.ceremony_lifetime",
                    "out of range"));
}

TEST_CASE("every error is collected, not only the first", "[unit]") {
    TempDir dir;
    auto r = load(dir, replaced(kMinimal, "issuer = \"https://idp.example/auth/realms/esculape\"",
                                "issuer = \"http://idp.example\"") +
                           "[server]\nworker_threads = 0\nlisten = \"nope\"\n[tokens]\ndefault_alg = \"HS256\"\n"
                           "[session]\nidle_lifetime = 99999\n[login]\nbogus = 1\n");
    INFO(describe(r));
    CHECK(has_error(r, "issuer", "https"));
    CHECK(has_error(r, "server.worker_threads", "out of range"));
    CHECK(has_error(r, "server.listen", "host:port"));
    CHECK(has_error(r, "tokens.default_alg", "signing_algs"));
    CHECK(has_error(r, "session.idle_lifetime", "must not exceed"));
    CHECK(has_error(r, "login.bogus", "unknown key"));
    CHECK(r.errors.size() == 6);
}

TEST_CASE("syntax errors name the line", "[unit]") {
    TempDir dir;
    auto r = load(dir, kMinimal + "[server\nlisten = 1\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].path == "config");
    // kMinimal has 8 lines: the broken table header is line 9.
    CHECK(r.errors[0].message.find("line 9") != std::string::npos);
    auto scalar = load(dir, replaced(kMinimal, "dev_mode = false", "dev_mode = false\nserver = 3"));
    CHECK(has_error(scalar, "server", "expected a table, got integer"));
}

TEST_CASE("load_config reports an unreadable file", "[unit]") {
    auto r = load_config("/nonexistent/esculape/idp.toml");
    CHECK(has_error(r, "/nonexistent/esculape/idp.toml", "cannot read"));
}

TEST_CASE("keys: the HMAC secret comes from one file or variable, required outside dev_mode", "[unit]") {
    TempDir dir;
    auto missing = load(dir, replaced(kMinimal, "hmac_secret_file = \"hmac\"\n", ""));
    CHECK(has_error(missing, "keys.hmac_secret_file", "required outside dev_mode"));
    CHECK(has_error(missing, "keys.hmac_secret_file", "the same on every node"));
    auto both = load(dir, kMinimal + "hmac_secret_env = \"ESC_TEST_SECRET_A\"\n");
    CHECK(has_error(both, "keys.hmac_secret_env", "give only one of"));
    auto fine = load(dir, kMinimal);
    REQUIRE(fine.errors.empty());
    CHECK(fine.config.keys.hmac_secret_file == (std::filesystem::path(dir.str()) / "hmac").string());
    auto dev = load(
        dir, replaced(replaced(kMinimal, "hmac_secret_file = \"hmac\"\n", ""), "dev_mode = false", "dev_mode = true"));
    CHECK_FALSE(has_error(dev, "keys.hmac_secret_file", ""));
    CHECK(dev.config.keys.hmac_secret_file.ends_with("esculape.hmac"));
}

TEST_CASE("storage: backend and path, the older top-level database key, memory only in dev_mode", "[unit]") {
    TempDir dir;
    auto sqlite = load(dir, kMinimal + "[storage]\nbackend = \"sqlite\"\npath = \"data/idp.db\"\n");
    INFO(describe(sqlite));
    REQUIRE(sqlite.ok());
    CHECK(sqlite.config.storage.backend == esc::storage::Backend::sqlite);
    CHECK(sqlite.config.storage.path == (dir.path() / "data/idp.db").string());

    auto legacy = load(dir, replaced(kMinimal, "dev_mode = false", "dev_mode = false\ndatabase = \"old.db\""));
    REQUIRE(legacy.ok());
    CHECK(legacy.config.storage.path == (dir.path() / "old.db").string());
    auto twice = load(dir, replaced(kMinimal, "dev_mode = false", "dev_mode = false\ndatabase = \"old.db\"") +
                               "[storage]\npath = \"new.db\"\n");
    CHECK(has_error(twice, "storage.path", "named twice"));

    CHECK(has_error(load(dir, kMinimal + "[storage]\nbackend = \"postgresql\"\n"), "storage.backend",
                    "no PostgreSQL backend yet"));
    CHECK(has_error(load(dir, kMinimal + "[storage]\nbackend = \"mysql\"\n"), "storage.backend", "unknown backend"));
    CHECK(has_error(load(dir, kMinimal + "[storage]\npath = \"\"\n"), "storage.path", "must not be empty"));
    CHECK(has_error(load(dir, kMinimal + "[storage]\nbakend = \"sqlite\"\n"), "storage.bakend", "backend"));
    CHECK(has_error(load(dir, kMinimal + "[storage]\nbackend = \"memory\"\n"), "storage.backend",
                    "only with dev_mode = true"));
    auto memory =
        load(dir, replaced(kMinimal, "dev_mode = false", "dev_mode = true") + "[storage]\nbackend = \"memory\"\n");
    CHECK_FALSE(has_error(memory, "storage.backend", ""));
    CHECK(memory.config.storage.backend == esc::storage::Backend::memory);
    CHECK(has_warning(memory, "lost when it stops"));
}

TEST_CASE("[accounts] login_rule and [password]: defaults, values, ranges", "[unit]") {
    TempDir dir;
    auto defaults = load(dir, kMinimal);
    REQUIRE(defaults.ok());
    CHECK(defaults.config.login_rule == esc::domain::LoginRule::first_dot_last);
    CHECK(defaults.config.password.min_length == 12);
    CHECK(defaults.config.password.max_age_days == 120);
    CHECK(defaults.config.password.warn_days == 14);
    CHECK(defaults.config.password.history == 2);

    auto set = load(dir, kMinimal + "[accounts]\nlogin_rule = \"p.nomxxxx\"\n[password]\nmin_length = 14\n"
                                    "max_age_days = 0\nwarn_days = 0\nhistory = 5\n");
    INFO(describe(set));
    REQUIRE(set.ok());
    CHECK(set.config.login_rule == esc::domain::LoginRule::initial_dot_7);
    CHECK(set.config.password.min_length == 14);
    CHECK(set.config.password.max_age_days == 0);
    CHECK(set.config.password.history == 5);

    CHECK(has_error(load(dir, kMinimal + "[accounts]\nlogin_rule = \"nom.prenom\"\n"), "accounts.login_rule",
                    "\"prenom.nom\""));
    CHECK(has_error(load(dir, kMinimal + "[password]\nmin_length = 6\n"), "password.min_length", ""));
    CHECK(has_error(load(dir, kMinimal + "[password]\nmax_age_days = 30\nwarn_days = 30\n"), "password.warn_days",
                    "less than password.max_age_days (30)"));
    CHECK(has_error(load(dir, kMinimal + "[password]\nlength = 12\n"), "password.length", ""));
}
