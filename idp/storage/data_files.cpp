#include "storage/data_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace esc::storage {

namespace {

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777u);
    return text;
}

FileFacts inspect(const std::string& path) {
    FileFacts f;
    f.path = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return f;
    f.exists = true;
    f.directory = S_ISDIR(st.st_mode);
    f.mode = st.st_mode & 07777u;
    if (::access(path.c_str(), W_OK) != 0) {
        f.writable = false;
        f.write_error = std::strerror(errno);
    }
    return f;
}

} // namespace

std::vector<FileFacts> inspect_database_files(const std::string& database_path) {
    auto dir = std::filesystem::path(database_path).parent_path();
    std::vector<FileFacts> facts;
    facts.push_back(inspect(dir.empty() ? std::string(".") : dir.string()));
    for (const char* suffix : {"", "-wal", "-shm"})
        facts.push_back(inspect(database_path + suffix));
    return facts;
}

std::vector<std::string> data_file_problems(const std::vector<FileFacts>& facts) {
    std::vector<std::string> problems;
    for (const auto& f : facts) {
        if (!f.exists) continue;
        const char* what = f.directory ? "directory" : "file";
        if ((f.mode & 077u) != 0)
            problems.push_back(std::string("database ") + what + " " + f.path + " has mode " + octal(f.mode) +
                               ": group or others can access it, and it holds password hashes and signing keys; "
                               "run `chmod " +
                               (f.directory ? "700 " : "600 ") + f.path + "`");
        if (!f.writable)
            problems.push_back(std::string("database ") + what + " " + f.path + " is not writable (" +
                               (f.write_error.empty() ? std::string("permission denied") : f.write_error) +
                               "): the server needs to write it; check `lsattr " + f.path +
                               "` (chattr -i), the mount (read-only?) and its owner (the service account)");
    }
    return problems;
}

} // namespace esc::storage
