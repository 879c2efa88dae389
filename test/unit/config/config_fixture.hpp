#pragma once
// Helpers shared by the config unit tests: temporary directories, a minimal valid document and
// assertions on the collected errors.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "config/config.hpp"

namespace esc::config::test {

namespace fs = std::filesystem;

inline fs::path repo_root() {
    return (fs::path(__FILE__).parent_path() / "../../..").lexically_normal();
}

// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "esc-config-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    // Writes `content` to `name` (sub-directories created) and returns the absolute path.
    std::string write(const std::string& name, const std::string& content) const {
        fs::path file = path_ / name;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
        return file.string();
    }

private:
    fs::path path_;
};

inline std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Smallest valid document: TLS off (files are tested separately), templates in the base dir.
inline const std::string kMinimal = "issuer = \"https://idp.example/auth/realms/esculape\"\n"
                                    "templates_dir = \".\"\n"
                                    "dev_mode = false\n"
                                    "[tls]\n"
                                    "enabled = false\n"
                                    "[keys]\n"
                                    "encryption_key_file = \"kek\"\n"
                                    "hmac_secret_file = \"hmac\"\n";

// Outside dev_mode secrets come from the environment or a file, never inline: the fixtures'
// secrets are set once for the whole test binary.
inline const bool kTestSecretsSet = [] {
    ::setenv("ESC_TEST_SECRET_A", "0123456789abcdef0123456789abcdef", 1);
    ::setenv("ESC_TEST_SECRET_B", "fedcba9876543210fedcba9876543210", 1);
    return true;
}();
inline const std::string kSecretEnvA = "secret_env = \"ESC_TEST_SECRET_A\"\n"; // 0123456789abcdef0123456789abcdef
inline const std::string kSecretEnvB = "secret_env = \"ESC_TEST_SECRET_B\"\n"; // fedcba9876543210fedcba9876543210

// A confidential client with a long enough secret.
inline const std::string kClient = "[clients.dcc]\n"
                                   "type = \"confidential\"\n"
                                   "secret_env = \"ESC_TEST_SECRET_A\"\n"
                                   "redirect_uris = [\"https://rp.example/cb\"]\n";

// `text` with its one occurrence of `from` replaced: fails the test when `from` is absent.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

inline std::string describe(const LoadResult& r) {
    std::string out;
    for (const auto& e : r.errors)
        out += "  error " + e.path + ": " + e.message + "\n";
    for (const auto& w : r.warnings)
        out += "  warning " + w + "\n";
    return out;
}

// True when an error sits exactly at `path` and its message contains `fragment`.
inline bool has_error(const LoadResult& r, const std::string& path, const std::string& fragment) {
    for (const auto& e : r.errors)
        if (e.path == path && e.message.find(fragment) != std::string::npos) return true;
    return false;
}

inline bool has_warning(const LoadResult& r, const std::string& fragment) {
    for (const auto& w : r.warnings)
        if (w.find(fragment) != std::string::npos) return true;
    return false;
}

// Loads `toml` with base directory `dir`; callers INFO(describe(r)) so failures show every message.
inline LoadResult load(const TempDir& dir, const std::string& toml, const std::string& clients_dir = "") {
    return load_config_from_string(toml, dir.str(), clients_dir);
}

inline const domain::Client* find_client(const LoadResult& r, const std::string& id) {
    for (const auto& c : r.config.clients)
        if (c.id == id) return &c;
    return nullptr;
}

} // namespace esc::config::test
