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

// O_EXCL: never overwrite a key another process has just created (two first starts at once).
void generate_file(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty() && !std::filesystem::exists(dir)) {
        mode_t previous = ::umask(077);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        ::umask(previous);
        if (ec)
            throw std::runtime_error("keys.encryption_key_file: cannot create " + dir.string() + ": " + ec.message());
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw std::runtime_error("keys.encryption_key_file: cannot create " + path + ": " + std::strerror(errno));
    }
    std::string text = crypto::KeyEncryptionKey::generate().to_base64() + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    OPENSSL_cleanse(text.data(), text.size());
    ::close(fd);
    if (!ok) throw std::runtime_error("keys.encryption_key_file: cannot write " + path);
    std::cerr << "esculape: dev_mode: generated the key-encryption key " << path
              << " (the signing keys in the database are encrypted under it: keep it with the database)\n";
}

crypto::KeyEncryptionKey parse(const std::string& text, const std::string& where) {
    std::string why;
    auto kek = crypto::KeyEncryptionKey::from_base64(text, why);
    if (!kek) throw std::runtime_error(where + ": " + why);
    return *kek;
}

} // namespace

crypto::KeyEncryptionKey load_key_encryption_key(const config::Config& config) {
    const auto& keys = config.keys;
    if (!keys.encryption_key_env.empty()) {
        const char* value = std::getenv(keys.encryption_key_env.c_str());
        if (!value || !*value)
            throw std::runtime_error("keys.encryption_key_env: environment variable " + keys.encryption_key_env +
                                     " is not set or empty");
        return parse(value, "keys.encryption_key_env (" + keys.encryption_key_env + ")");
    }
    const std::string& path = keys.encryption_key_file;
    if (path.empty()) throw std::runtime_error("keys.encryption_key_file: not configured; " + std::string(kCreate));
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT || !config.dev_mode)
            throw std::runtime_error("keys.encryption_key_file: " + path + ": " + std::strerror(errno) + "; " +
                                     kCreate);
        generate_file(path);
        if (::stat(path.c_str(), &st) != 0)
            throw std::runtime_error("keys.encryption_key_file: " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw std::runtime_error("keys.encryption_key_file: " + path + " is not a regular file");
    if ((st.st_mode & 077) != 0)
        throw std::runtime_error("keys.encryption_key_file: " + path + " has mode " + octal(st.st_mode) +
                                 ": group or others can read the key that protects the signing keys; run `chmod 600 " +
                                 path + "`");
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) throw std::runtime_error("keys.encryption_key_file: cannot read " + path);
    std::string text = content.str();
    auto kek = parse(text, "keys.encryption_key_file (" + path + ")");
    OPENSSL_cleanse(text.data(), text.size());
    return kek;
}

} // namespace esc::app
