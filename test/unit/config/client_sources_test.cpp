// Where clients and their secrets come from: clients/*.toml, environment variables, secret files.
#include <cstdlib>

#include "config_fixture.hpp"
#include "crypto/encoding.hpp"

using namespace esc::config;
using namespace esc::config::test;

namespace {

const std::string kFileClient = "type = \"confidential\"\n"
                                "redirect_uris = [\"https://rp.example/cb\"]\n";

// Sets an environment variable for the scope of a test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() { ::unsetenv(name_); }

private:
    const char* name_;
};

} // namespace

TEST_CASE("clients are read from a clients directory, one per file", "[unit]") {
    TempDir dir;
    dir.write("clients/dcc.toml", kFileClient + kSecretEnvA);
    dir.write("clients/other.toml", "id = \"messagerie\"\n" + kFileClient + kSecretEnvB);
    dir.write("clients/notes.txt", "not a client");
    auto r = load(dir, kMinimal, (dir.path() / "clients").string());
    INFO(describe(r));
    REQUIRE(r.ok());
    REQUIRE(r.config.clients.size() == 2);
    CHECK(r.config.clients[0].id == "dcc");
    CHECK(r.config.clients[1].id == "messagerie"); // explicit id wins over the file name
    CHECK(r.config.clients[1].secret_hash == esc::crypto::sha256_b64url("fedcba9876543210fedcba9876543210"));
}

TEST_CASE("client files: errors carry the client path, syntax errors the file", "[unit]") {
    TempDir dir;
    dir.write("clients/a.toml", kFileClient + kSecretEnvA + "scope = []\n");
    dir.write("clients/b.toml", "type = \"confidential\n");
    auto r = load(dir, kMinimal, (dir.path() / "clients").string());
    INFO(describe(r));
    CHECK(has_error(r, "clients.a.scope", "did you mean scopes?"));
    CHECK(has_error(r, "clients/b.toml", "line 1"));
    CHECK(has_error(load(dir, kMinimal, (dir.path() / "none").string()), (dir.path() / "none").string(),
                    "clients directory not found"));
}

TEST_CASE("duplicate client ids across the main file and the clients directory", "[unit]") {
    TempDir dir;
    dir.write("clients/dcc.toml", kFileClient + kSecretEnvA);
    dir.write("clients/copy.toml", "id = \"dcc\"\n" + kFileClient + kSecretEnvA);
    auto r = load(dir, kMinimal + kClient, (dir.path() / "clients").string());
    INFO(describe(r));
    CHECK(has_error(r, "clients.dcc", "duplicate client id, defined in config and in clients/copy.toml"));
    CHECK(has_error(r, "clients.dcc", "duplicate client id, defined in config and in clients/dcc.toml"));
}

TEST_CASE("secret_env reads the secret from the environment", "[unit]") {
    TempDir dir;
    std::string text = kMinimal + "[clients.dcc]\n" + kFileClient + "secret_env = \"ESC_TEST_DCC_SECRET\"\n";
    {
        ScopedEnv env("ESC_TEST_DCC_SECRET", nullptr);
        CHECK(has_error(load(dir, text), "clients.dcc.secret_env",
                        "environment variable ESC_TEST_DCC_SECRET is not set or empty"));
    }
    {
        ScopedEnv env("ESC_TEST_DCC_SECRET", "");
        CHECK(has_error(load(dir, text), "clients.dcc.secret_env", "ESC_TEST_DCC_SECRET"));
    }
    ScopedEnv env("ESC_TEST_DCC_SECRET", "env-secret-0123456789abcdef012345");
    auto r = load(dir, text);
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.clients[0].secret_hash == esc::crypto::sha256_b64url("env-secret-0123456789abcdef012345"));
    for (const auto& w : r.warnings) // no "secret written in the file" warning
        CHECK(w.find("secret") == std::string::npos);
}

TEST_CASE("secret_file reads the secret relative to the config, without the final newline", "[unit]") {
    TempDir dir;
    std::string text = kMinimal + "[clients.dcc]\n" + kFileClient + "secret_file = \"secrets/dcc\"\n";
    CHECK(has_error(load(dir, text), "clients.dcc.secret_file",
                    "not readable: " + (dir.path() / "secrets/dcc").string()));
    dir.write("secrets/dcc", "\n");
    CHECK(has_error(load(dir, text), "clients.dcc.secret_file", "file is empty"));
    dir.write("secrets/dcc", "file-secret-0123456789abcdef0123456\n");
    auto r = load(dir, text);
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.clients[0].secret_hash == esc::crypto::sha256_b64url("file-secret-0123456789abcdef0123456"));
}

TEST_CASE("load_config resolves paths against the file and reads its clients directory", "[unit]") {
    TempDir dir;
    std::string conf = dir.write("etc/idp.toml", replaced(kMinimal, "templates_dir = \".\"",
                                                          "templates_dir = \"../tpl\"\ndatabase = \"../var/e.db\""));
    std::filesystem::create_directories(dir.path() / "tpl");
    dir.write("etc/clients/dcc.toml", kFileClient + "secret_file = \"dcc.secret\"\n");
    dir.write("etc/clients/dcc.secret", "0123456789abcdef0123456789abcdef");
    auto r = load_config(conf);
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.templates_dir == (dir.path() / "tpl").string());
    CHECK(r.config.storage.path == (dir.path() / "var/e.db").string());
    REQUIRE(r.config.clients.size() == 1);
    CHECK(r.config.clients[0].secret_hash == esc::crypto::sha256_b64url("0123456789abcdef0123456789abcdef"));
}
