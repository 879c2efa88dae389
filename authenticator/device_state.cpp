#include "device_state.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr int kFormatVersion = 1;
constexpr std::size_t kMaxStateSize = 64 * 1024; // a state file is about 1 KiB

std::string system_error(const std::string& what, const std::string& path) {
    return what + " " + path + " : " + std::strerror(errno) + ".";
}

[[noreturn]] void already_there(const std::string& path) {
    throw usage_error("Le fichier d'état " + path + " existe déjà : il contient la clé d'un appareil.");
}

[[noreturn]] void missing(const std::string& path) {
    throw usage_error("Fichier d'état introuvable : " + path + " (activez d'abord l'appareil avec « enroll »).");
}

std::string required_string(const nlohmann::json& doc, const char* name, const std::string& path) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        throw local_error("Fichier d'état " + path + " : membre « " + name + " » absent ou invalide.");
    return it->get<std::string>();
}

nlohmann::json to_json(const DeviceState& s) {
    nlohmann::json doc = {{"version", kFormatVersion},
                          {"issuer", s.issuer},
                          {"device_id", s.device_id},
                          {"login", s.login},
                          {"display_name", s.display_name},
                          {"device_name", s.device_name},
                          {"failed_pin_attempts", s.failed_pin_attempts},
                          {"locked", s.locked()}};
    if (!s.locked()) doc["private_key"] = s.private_key_pem;
    if (s.pin) doc["pin_verifier"] = s.pin->to_json();
    return doc;
}

DeviceState from_json(const nlohmann::json& doc, const std::string& path) {
    if (!doc.is_object() || doc.value("version", 0) != kFormatVersion)
        throw local_error("Fichier d'état " + path + " : format inconnu.");
    DeviceState s;
    s.issuer = required_string(doc, "issuer", path);
    s.device_id = required_string(doc, "device_id", path);
    s.login = required_string(doc, "login", path);
    s.display_name = doc.value("display_name", "");
    s.device_name = doc.value("device_name", "");
    s.failed_pin_attempts = doc.value("failed_pin_attempts", 0);
    if (doc.value("locked", false)) return s; // key and verifier are gone by design
    s.private_key_pem = required_string(doc, "private_key", path);
    auto verifier = doc.find("pin_verifier");
    if (verifier == doc.end()) throw local_error("Fichier d'état " + path + " : vérificateur de code PIN absent.");
    s.pin = PinVerifier::from_json(*verifier);
    return s;
}

void write_all(int fd, const std::string& data, const std::string& path) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw local_error(system_error("Écriture impossible de", path));
        done += static_cast<std::size_t>(n);
    }
}

std::string parent_dir(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// The rename or link is durable only once the directory entry itself is on disk.
void sync_dir(const std::string& path) {
    const int dir = ::open(parent_dir(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    ::fsync(dir);
    ::close(dir);
}

} // namespace

void DeviceState::lock() {
    private_key_pem.clear();
    pin.reset();
}

DeviceState load_state(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) missing(path);
    if (fd < 0) throw local_error(system_error("Lecture impossible de", path));
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || text.size() + static_cast<std::size_t>(n) > kMaxStateSize) {
            const int read_errno = errno;
            ::close(fd);
            errno = read_errno;
            if (n < 0) throw local_error(system_error("Lecture impossible de", path));
            if (n > 0) throw local_error("Fichier d'état " + path + " : trop volumineux.");
            break;
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
    const auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) throw local_error("Fichier d'état " + path + " : JSON invalide.");
    try {
        return from_json(doc, path);
    } catch (const nlohmann::json::exception&) {
        // value() throws when a member has the wrong type: the file was edited by hand or damaged.
        throw local_error("Fichier d'état " + path + " : membre de type inattendu.");
    }
}

void require_new_state_file(const std::string& path) {
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0) already_there(path);
    if (::access(parent_dir(path).c_str(), W_OK | X_OK) != 0)
        throw local_error(system_error("Impossible d'écrire dans le répertoire de", path));
}

void save_state(const std::string& path, const DeviceState& state, SaveMode mode) {
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data()); // created 0600: the file holds a private key
    if (fd < 0) throw local_error(system_error("Création impossible d'un fichier temporaire pour", path));
    try {
        write_all(fd, to_json(state).dump(2) + "\n", temp);
        if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0 || ::fsync(fd) != 0)
            throw local_error(system_error("Écriture impossible de", temp));
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    ::close(fd);
    if (mode == SaveMode::create_new) {
        // link() fails on an existing name where rename() would silently replace it.
        const int linked = ::link(temp.c_str(), path.c_str());
        const int link_errno = errno;
        ::unlink(temp.c_str());
        if (linked != 0 && link_errno == EEXIST) already_there(path);
        errno = link_errno;
        if (linked != 0) throw local_error(system_error("Écriture impossible de", path));
    } else if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int rename_errno = errno;
        ::unlink(temp.c_str());
        errno = rename_errno;
        throw local_error(system_error("Écriture impossible de", path));
    }
    sync_dir(path);
}

StateLock::StateLock(const std::string& path) {
    // save_state replaces the file by rename: a lock taken on the previous inode protects nothing,
    // so after locking, check that the name still points to the locked inode, else start over.
    for (;;) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0 && errno == ENOENT) missing(path);
        if (fd_ < 0) throw local_error(system_error("Lecture impossible de", path));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const auto failure = local_error(system_error("Verrouillage impossible de", path));
            ::close(fd_);
            throw failure;
        }
        struct stat locked {};
        struct stat current {};
        if (::fstat(fd_, &locked) == 0 && ::stat(path.c_str(), &current) == 0 && locked.st_dev == current.st_dev &&
            locked.st_ino == current.st_ino)
            return;
        ::close(fd_);
    }
}

StateLock::~StateLock() {
    if (fd_ >= 0) ::close(fd_); // closing releases the flock
}

} // namespace esc::authenticator
