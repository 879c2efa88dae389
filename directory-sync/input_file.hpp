#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Reading the extraction files: a `.txt`/`.csv` as given, or the member of a published `.zip`
// (extracted to a temporary file first, since the import reads the text twice); buffered
// sequential lines with their byte offsets, random reads of known lines, and the SHA-256 of the
// file as given, computed on the first sequential pass.
namespace esc::directory_sync {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Without ZIP64 a member cannot legitimately expand past 4 GiB (32-bit sizes, APPNOTE §4.4.9):
// the default cap on what one extraction may write.
inline constexpr std::uint64_t kDefaultMaxUnzippedBytes = 4096ULL << 20;

class InputFile {
public:
    // `member_hint` picks the member of a multi-file ZIP (e.g. "Personne_activite"), case-insensitively;
    // the extracted member may not exceed `max_unzipped_bytes` (InputError otherwise).
    InputFile(const std::string& path, const std::string& member_hint,
              std::uint64_t max_unzipped_bytes = kDefaultMaxUnzippedBytes);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& given_path() const { return given_path_; }
    std::uint64_t size() const { return size_; } // of the text (extracted) file
    std::uint64_t given_bytes() const { return given_bytes_; }
    const std::string& sha256_hex() const { return sha256_; } // of the file as given
    int fd() const { return fd_; }
    // Reads `length` bytes at `offset` of the text into `out`.
    void read_at(std::uint64_t offset, std::size_t length, std::string& out) const;

private:
    friend class LineReader;
    std::string given_path_;
    std::string temp_path_; // extracted ZIP member, removed on destruction
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::uint64_t given_bytes_ = 0;
    std::string sha256_;
};

// Sequential lines (without '\n') with the offset of their first byte.
class LineReader {
public:
    explicit LineReader(InputFile& file, bool hash = false);
    ~LineReader();
    bool next(std::string_view& line, std::uint64_t& offset);
    std::uint64_t position() const { return consumed_; }

private:
    bool refill();
    InputFile& file_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;
    std::uint64_t buffer_offset_ = 0; // file offset of buffer_[0]
    std::uint64_t consumed_ = 0;
    bool eof_ = false;
    struct Hash;
    std::unique_ptr<Hash> hash_;
};

// Extracts the chosen member of a ZIP archive (stored or deflated, no ZIP64) into `out_path`;
// InputError as soon as more than `max_bytes` would be written (zip bomb).
void extract_zip_member(const std::string& zip_path, const std::string& member_hint, const std::string& out_path,
                        std::uint64_t max_bytes = kDefaultMaxUnzippedBytes);

// SHA-256 of a whole file, hex.
std::string sha256_file(const std::string& path);

} // namespace esc::directory_sync
