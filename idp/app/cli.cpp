#include "app/cli.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/config_summary.hpp"
#include "app/dev_cert.hpp"
#include "app/key_encryption.hpp"
#include "app/ocra_tokens.hpp"
#include "app/serve.hpp"
#include "app/signing_keys.hpp"
#include "config/config.hpp"
#include "domain/time.hpp"
#include "storage/demo_seed.hpp"
#include "storage/open_store.hpp"
#include "storage/store.hpp"

namespace esc::app {

namespace {

constexpr const char* kUsage = R"(usage: idp [command] [--config FILE]
commands:
  serve                 run the server (default)
  migrate               apply database migrations
  demo-seed             load the sandbox professionals and accounts of demo_dir
  keys rotate [--alg RS256|ES256]   add a new signing key, keep the old ones published
  keys list             list signing keys
  accounts alias add LOGIN ALIAS    keep a former login as an alias that still logs in
  accounts alias retire ALIAS       the alias no longer logs in (it stays reserved)
  ocra import FILE [--existing skip]   provision CPS calculators (serial;account;secret per line)
  ocra revoke SERIAL    the calculator no longer logs in
  check-config          validate the configuration and exit
  dev-cert --out DIR    write a self-signed development certificate (server.crt, server.key)
exit codes: 0 success, 1 failure (configuration or runtime), 2 usage)";

struct Args {
    std::vector<std::string> words;
    std::map<std::string, std::string> options;
};

bool parse_args(int argc, char** argv, Args& out) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") return false;
        if (a.rfind("--", 0) == 0) {
            if (i + 1 >= argc) return false;
            out.options[a.substr(2)] = argv[++i];
        } else {
            out.words.push_back(a);
        }
    }
    return true;
}

std::string config_path_of(const Args& args) {
    return args.options.count("config") ? args.options.at("config") : std::string("conf/idp.toml");
}

std::string migrate_command(const Args& args) {
    return "idp migrate --config " + config_path_of(args);
}

// A command run in its own process cannot reach a memory store: it lives inside `serve`.
bool refuse_memory_store(const config::Config& config, const std::string& command, const char* instead) {
    if (config.storage.backend != storage::Backend::memory) return false;
    std::cerr << "esculape: " << command << ": storage.backend = \"memory\" lives inside the serve process, "
              << "another process cannot reach it; " << instead << "\n";
    return true;
}

std::unique_ptr<storage::Store> open_existing(const config::Config& config, const Args& args) {
    return storage::open_store(config.storage, storage::StoreUse::existing, migrate_command(args));
}

// Loads and validates; prints every error with its path. nullopt = exit 1.
std::optional<config::Config> load(const Args& args) {
    auto path = config_path_of(args);
    auto result = config::load_config(path);
    for (const auto& w : result.warnings)
        std::cerr << "esculape: warning: " << w << "\n";
    if (!result.ok()) {
        std::cerr << "esculape: " << path << ": " << result.errors.size() << " configuration error(s):\n";
        for (const auto& e : result.errors)
            std::cerr << "  " << e.path << ": " << e.message << "\n";
        return std::nullopt;
    }
    return result.config;
}

int keys_command(const config::Config& config, const Args& args) {
    std::string sub = args.words.size() > 1 ? args.words[1] : "";
    if (sub != "rotate" && sub != "list") return std::cerr << kUsage << "\n", 2;
    if (refuse_memory_store(config, "keys", "serve creates its signing keys itself")) return 1;
    auto store = open_existing(config, args);
    domain::SystemClock clock;
    if (sub == "rotate") {
        auto kek = load_key_encryption_key(config);
        auto alg = args.options.count("alg") ? args.options.at("alg") : config.tokens.default_alg;
        // Old keys stay published until every token they signed has expired.
        auto publish_for = std::max(config.tokens.access_token_seconds, config.tokens.id_token_seconds) + 60;
        auto kid = rotate_signing_key(*store, alg, clock.now(), publish_for, kek);
        std::cout << "new active " << alg << " key " << kid << "; previous keys stay in the JWKS for " << publish_for
                  << " s (a running server picks the new key up within a minute)\n";
        return 0;
    }
    {
        for (const auto& k : store->keys().all())
            std::cout << k.alg << "  " << k.kid << "  created " << k.created_at << "  "
                      << (k.retired_at == 0 ? std::string("active")
                                            : "retired, published until " + std::to_string(k.publish_until))
                      << "\n";
        return 0;
    }
}

int accounts_command(const config::Config& config, const Args& args) {
    const auto& w = args.words;
    const bool add = w.size() == 5 && w[1] == "alias" && w[2] == "add";
    const bool retire = w.size() == 4 && w[1] == "alias" && w[2] == "retire";
    if (!add && !retire) return std::cerr << kUsage << "\n", 2;
    if (refuse_memory_store(config, "accounts", "an alias needs a store shared with serve")) return 1;
    auto store = open_existing(config, args);
    domain::SystemClock clock;
    if (retire) {
        if (!store->accounts().retire_alias(w[3], clock.now()))
            return std::cerr << "esculape: no active alias " << w[3] << "\n", 1;
        std::cout << "alias " << w[3] << " retired: it no longer logs in and stays reserved\n";
        return 0;
    }
    auto account = store->accounts().find_by_login(w[3]);
    if (!account) return std::cerr << "esculape: no account with login " << w[3] << "\n", 1;
    if (w[4].empty() || w[4].size() > 100 || w[4].find_first_of(" \t\r\n") != std::string::npos)
        return std::cerr << "esculape: an alias is 1 to 100 characters without spaces\n", 2;
    if (!store->accounts().add_alias(w[4], account->id, clock.now()))
        return std::cerr << "esculape: " << w[4] << " is already a login or an alias\n", 1;
    std::cout << "alias " << w[4] << " now logs in as " << w[3] << "\n";
    return 0;
}

int ocra_command(const config::Config& config, const Args& args) {
    const auto& w = args.words;
    const bool import = w.size() == 3 && w[1] == "import";
    const bool revoke = w.size() == 3 && w[1] == "revoke";
    const std::string existing = args.options.count("existing") ? args.options.at("existing") : "fail";
    if ((!import && !revoke) || (existing != "fail" && existing != "skip")) return std::cerr << kUsage << "\n", 2;
    if (refuse_memory_store(config, "ocra", "the tokens need a store shared with serve")) return 1;
    auto store = open_existing(config, args);
    domain::SystemClock clock;
    if (revoke) {
        if (!store->credentials().revoke_ocra_token(w[2], clock.now()))
            return std::cerr << "esculape: no OCRA token in use with serial " << w[2] << "\n", 1;
        std::cout << "OCRA token " << w[2] << " revoked: it no longer logs in\n";
        return 0;
    }
    std::ifstream in(w[2], std::ios::binary);
    if (!in) return std::cerr << "esculape: cannot read " << w[2] << "\n", 1;
    std::ostringstream text;
    text << in.rdbuf();
    auto kek = load_key_encryption_key(config);
    OcraImportOptions options;
    options.skip_existing = existing == "skip";
    return import_ocra_tokens(*store, kek, text.str(), options, clock.now(), std::cout, std::cerr);
}

int run(const Args& args) {
    std::string command = args.words.empty() ? "serve" : args.words[0];
    if (command == "dev-cert") {
        if (!args.options.count("out")) return std::cerr << kUsage << "\n", 2;
        std::string error;
        if (!write_dev_certificate(args.options.at("out"), error)) return std::cerr << "esculape: " << error << "\n", 1;
        std::cout << "development certificate in " << args.options.at("out") << "\n";
        return 0;
    }
    static const std::vector<std::string> kKnown = {"serve",    "migrate",      "demo-seed", "keys",
                                                    "accounts", "check-config", "ocra"};
    if (std::find(kKnown.begin(), kKnown.end(), command) == kKnown.end()) return std::cerr << kUsage << "\n", 2;
    auto config = load(args);
    if (!config) return 1;
    if (command == "check-config") {
        std::cout << "configuration is valid\n";
        print_client_summary(*config, std::cout);
        return 0;
    }
    if (command == "serve") return serve(*config, config_path_of(args));
    if (command == "keys") return keys_command(*config, args);
    if (command == "accounts") return accounts_command(*config, args);
    if (command == "ocra") return ocra_command(*config, args);
    if (command == "migrate") {
        if (config->storage.backend == storage::Backend::memory) {
            std::cout << "storage.backend = \"memory\": nothing to migrate (serve starts on the latest schema)\n";
            return 0;
        }
        auto kek = load_key_encryption_key(*config); // before creating anything: a bad key changes nothing
        int applied = 0;
        auto store = storage::open_store(config->storage, storage::StoreUse::migrate, migrate_command(args), &applied);
        int encrypted = encrypt_clear_signing_keys(*store, kek);
        std::cout << "applied " << applied << " migration(s); schema version " << store->schema_version() << "\n";
        if (encrypted > 0)
            std::cout << "encrypted " << encrypted << " signing key(s) stored in clear under the key-encryption key\n";
        return 0;
    }
    // The sandbox's accounts share a published password: never in a production database.
    if (!config->dev_mode) {
        std::cerr << "esculape: demo-seed: refused because dev_mode = false: the sandbox accounts have a published "
                     "password (conf/demo); set dev_mode = true only on a development instance\n";
        return 1;
    }
    if (refuse_memory_store(*config, "demo-seed", "serve loads demo_dir itself with this backend")) return 1;
    auto store = open_existing(*config, args);
    auto report = storage::load_demo_seed(*store, config->demo_dir);
    std::cout << "demo directory loaded: " << report.professionals << " professionals, " << report.accounts
              << " accounts\n";
    return 0;
}

} // namespace

int run_cli(int argc, char** argv) {
    Args args;
    if (!parse_args(argc, argv, args)) {
        std::cerr << kUsage << "\n";
        return 2;
    }
    try {
        return run(args);
    } catch (const std::exception& e) {
        std::cerr << "esculape: " << e.what() << "\n";
        return 1;
    }
}

} // namespace esc::app
