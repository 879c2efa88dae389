#include "app/key_encryption.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <openssl/crypto.h>

namespace esc::app {

namespace {

const char* const kCreate = "create one with `umask 077; openssl rand -base64 32 > FILE`";

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777u);
    return text;
}

// Where a 32-byte secret comes from, and the config keys that name it (for the messages).
struct SecretSource {
    const std::string& file;
    const std::string& env;
    std::string file_key; // e.g. "keys.encryption_key_file"
    std::string env_key;
    std::string purpose; // what it protects, for the mode error and the generation notice
};

// O_EXCL: never overwrite a key another process has just created (two first starts at once).
void generate_file(const std::string& path, const SecretSource& source) {
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty() && !std::filesystem::exists(dir)) {
        mode_t previous = ::umask(077);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        ::umask(previous);
        if (ec) throw std::runtime_error(source.file_key + ": cannot create " + dir.string() + ": " + ec.message());
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw std::runtime_error(source.file_key + ": cannot create " + path + ": " + std::strerror(errno));
    }
    std::string text = crypto::KeyEncryptionKey::generate().to_base64() + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    OPENSSL_cleanse(text.data(), text.size());
    ::close(fd);
    if (!ok) throw std::runtime_error(source.file_key + ": cannot write " + path);
    std::cerr << "esculape: dev_mode: generated " << path << " (" << source.purpose << ")\n";
}

crypto::KeyEncryptionKey parse(const std::string& text, const std::string& where) {
    std::string why;
    auto kek = crypto::KeyEncryptionKey::from_base64(text, why);
    if (!kek) throw std::runtime_error(where + ": " + why);
    return *kek;
}

} // namespace

namespace {

crypto::KeyEncryptionKey load_secret(const SecretSource& source, bool dev_mode) {
    if (!source.env.empty()) {
        const char* value = std::getenv(source.env.c_str());
        if (!value || !*value)
            throw std::runtime_error(source.env_key + ": environment variable " + source.env + " is not set or empty");
        return parse(value, source.env_key + " (" + source.env + ")");
    }
    const std::string& path = source.file;
    if (path.empty()) throw std::runtime_error(source.file_key + ": not configured; " + std::string(kCreate));
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT || !dev_mode)
            throw std::runtime_error(source.file_key + ": " + path + ": " + std::strerror(errno) + "; " + kCreate);
        generate_file(path, source);
        if (::stat(path.c_str(), &st) != 0)
            throw std::runtime_error(source.file_key + ": " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw std::runtime_error(source.file_key + ": " + path + " is not a regular file");
    if ((st.st_mode & 077) != 0)
        throw std::runtime_error(source.file_key + ": " + path + " has mode " + octal(st.st_mode) +
                                 ": group or others can read the " + source.purpose + "; run `chmod 600 " + path + "`");
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) throw std::runtime_error(source.file_key + ": cannot read " + path);
    std::string text = content.str();
    auto key = parse(text, source.file_key + " (" + path + ")");
    OPENSSL_cleanse(text.data(), text.size());
    return key;
}

} // namespace

crypto::KeyEncryptionKey load_key_encryption_key(const config::Config& config) {
    return load_secret({config.keys.encryption_key_file, config.keys.encryption_key_env, "keys.encryption_key_file",
                        "keys.encryption_key_env",
                        "key-encryption key: the signing keys in the database are encrypted under it; keep it with "
                        "the database, separately"},
                       config.dev_mode);
}

std::string load_hmac_secret(const config::Config& config) {
    auto key = load_secret({config.keys.hmac_secret_file, config.keys.hmac_secret_env, "keys.hmac_secret_file",
                            "keys.hmac_secret_env",
                            "HMAC secret of the CSRF tokens and device cookies: every node must have the same"},
                           config.dev_mode);
    return std::string(reinterpret_cast<const char*>(key.bytes().data()), key.bytes().size());
}

} // namespace esc::app
