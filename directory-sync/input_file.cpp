#include "input_file.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace esc::directory_sync {
namespace {

constexpr std::size_t kBufferBytes = 4 << 20;

bool ends_with_zip(const std::string& path) {
    return path.size() > 4 &&
           (path.compare(path.size() - 4, 4, ".zip") == 0 || path.compare(path.size() - 4, 4, ".ZIP") == 0);
}

std::string hex(const unsigned char* data, unsigned size) {
    static const char* const kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 15];
    }
    return out;
}

std::string temp_file_path() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/directory-sync-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw InputError("cannot create a temporary file in " + pattern);
    ::close(fd);
    return pattern;
}

} // namespace

struct LineReader::Hash {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Hash() { EVP_MD_CTX_free(ctx); }
};

InputFile::InputFile(const std::string& path, const std::string& member_hint, std::uint64_t max_unzipped_bytes)
    : given_path_(path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw InputError("cannot read " + path + ": " + std::strerror(errno));
    given_bytes_ = static_cast<std::uint64_t>(st.st_size);
    std::string text_path = path;
    if (ends_with_zip(path)) {
        sha256_ = sha256_file(path);
        temp_path_ = temp_file_path();
        extract_zip_member(path, member_hint, temp_path_, max_unzipped_bytes);
        text_path = temp_path_;
    }
    fd_ = ::open(text_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError("cannot open " + text_path + ": " + std::strerror(errno));
    if (::fstat(fd_, &st) != 0) throw InputError("cannot stat " + text_path);
    size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void InputFile::read_at(std::uint64_t offset, std::size_t length, std::string& out) const {
    out.resize(length);
    std::size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
        if (n <= 0) throw InputError("short read in " + given_path_);
        done += static_cast<std::size_t>(n);
    }
}

LineReader::LineReader(InputFile& file, bool hash) : file_(file), buffer_(kBufferBytes) {
    if (hash && file.sha256_.empty()) {
        hash_ = std::make_unique<Hash>();
        EVP_DigestInit_ex(hash_->ctx, EVP_sha256(), nullptr);
    }
    if (::lseek(file_.fd_, 0, SEEK_SET) != 0) throw InputError("cannot seek " + file_.given_path_);
}

LineReader::~LineReader() = default;

bool LineReader::refill() {
    if (eof_) return false;
    if (begin_ > 0) { // keep the partial line at the front
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        buffer_offset_ += begin_;
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2); // a line longer than the buffer
    const ssize_t n = ::read(file_.fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0) throw InputError("read error in " + file_.given_path_);
    if (n == 0) {
        eof_ = true;
        if (hash_) {
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned size = 0;
            EVP_DigestFinal_ex(hash_->ctx, digest, &size);
            file_.sha256_ = hex(digest, size);
        }
        return false;
    }
    if (hash_) EVP_DigestUpdate(hash_->ctx, buffer_.data() + end_, static_cast<std::size_t>(n));
    end_ += static_cast<std::size_t>(n);
    return true;
}

bool LineReader::next(std::string_view& line, std::uint64_t& offset) {
    while (true) {
        const char* start = buffer_.data() + begin_;
        const void* newline = std::memchr(start, '\n', end_ - begin_);
        if (newline) {
            const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - start);
            line = std::string_view(start, length);
            offset = buffer_offset_ + begin_;
            begin_ += length + 1;
            consumed_ = buffer_offset_ + begin_;
            return true;
        }
        if (!refill()) {
            if (begin_ == end_) return false;
            line = std::string_view(buffer_.data() + begin_, end_ - begin_); // last line without '\n'
            offset = buffer_offset_ + begin_;
            begin_ = end_;
            consumed_ = buffer_offset_ + end_;
            return true;
        }
    }
}

std::string sha256_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError("cannot open " + path);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buffer(1 << 20);
    ssize_t n;
    while ((n = ::read(fd, buffer.data(), buffer.size())) > 0)
        EVP_DigestUpdate(ctx, buffer.data(), static_cast<std::size_t>(n));
    ::close(fd);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned size = 0;
    EVP_DigestFinal_ex(ctx, digest, &size);
    EVP_MD_CTX_free(ctx);
    return hex(digest, size);
}

} // namespace esc::directory_sync
