#pragma once
#include <string>
#include <vector>

// Start-up checks of the database's files. The database holds password hashes and the signing
// keys, so neither it nor its directory may be readable by group or others; and SQLite maps the
// -shm file, so a database it cannot write ends the process with SIGBUS on the first write, with
// no log line: both are refused before anything is opened, each message naming the path and the
// command that fixes it.
namespace esc::storage {

struct FileFacts {
    std::string path;
    bool exists = false;
    bool directory = false;
    unsigned mode = 0;       // permission bits (st_mode & 07777)
    bool writable = true;    // access(W_OK): false for a read-only mount or an immutable file, even as root
    std::string write_error; // strerror of the failed access(), when not writable
};

// The directory of `database_path`, the database, its -wal and -shm, as they are on disk.
std::vector<FileFacts> inspect_database_files(const std::string& database_path);

// What is wrong with them, one message per problem; empty when the files are safe to use.
// Missing -wal/-shm are fine (SQLite creates them with the database's mode).
std::vector<std::string> data_file_problems(const std::vector<FileFacts>& facts);

} // namespace esc::storage
