#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

#include "input_file.hpp"

// Minimal ZIP reader for the published extraction archives (APPNOTE.TXT §4.3): central
// directory, stored (0) or deflated (8) members, no ZIP64, no encryption.
namespace esc::directory_sync {
namespace {

std::uint32_t le32(const unsigned char* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint16_t le16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

struct Member {
    std::string name;
    std::uint16_t method = 0;
    std::uint32_t compressed = 0;
    std::uint32_t local_offset = 0;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::vector<unsigned char> read_range(std::ifstream& in, std::uint64_t offset, std::size_t size) {
    std::vector<unsigned char> data(size);
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::size_t>(in.gcount()) != size) throw InputError("truncated ZIP archive");
    return data;
}

std::vector<Member> central_directory(std::ifstream& in, std::uint64_t file_size) {
    const std::size_t tail = static_cast<std::size_t>(std::min<std::uint64_t>(file_size, 65557));
    const auto end = read_range(in, file_size - tail, tail);
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tail >= 22 ? tail - 22 + 1 : 0; i-- > 0;)
        if (le32(&end[i]) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos) throw InputError("not a ZIP archive (no end of central directory)");
    const std::uint16_t count = le16(&end[eocd + 10]);
    const std::uint32_t cd_size = le32(&end[eocd + 12]);
    const std::uint32_t cd_offset = le32(&end[eocd + 16]);
    if (cd_offset == 0xFFFFFFFF) throw InputError("ZIP64 archives are not supported");
    const auto cd = read_range(in, cd_offset, cd_size);
    std::vector<Member> members;
    std::size_t p = 0;
    for (std::uint16_t i = 0; i < count; ++i) {
        if (p + 46 > cd.size() || le32(&cd[p]) != 0x02014b50) throw InputError("corrupt ZIP central directory");
        Member member;
        member.method = le16(&cd[p + 10]);
        member.compressed = le32(&cd[p + 20]);
        const std::uint16_t name_len = le16(&cd[p + 28]), extra_len = le16(&cd[p + 30]), comment = le16(&cd[p + 32]);
        member.local_offset = le32(&cd[p + 42]);
        if (p + 46 + name_len > cd.size()) throw InputError("corrupt ZIP central directory");
        member.name.assign(reinterpret_cast<const char*>(&cd[p + 46]), name_len);
        p += 46 + name_len + extra_len + comment;
        if (!member.name.empty() && member.name.back() != '/') members.push_back(std::move(member));
    }
    return members;
}

const Member& choose(const std::vector<Member>& members, const std::string& hint, const std::string& zip_path) {
    if (members.size() == 1) return members.front();
    for (const auto& member : members)
        if (lower(member.name).find(lower(hint)) != std::string::npos) return member;
    throw InputError(zip_path + ": no member matching '" + hint + "'");
}

[[noreturn]] void too_large(const Member& member, std::uint64_t max_bytes) {
    throw InputError("ZIP member " + member.name + " expands to more than " + std::to_string(max_bytes) +
                     " bytes (limit --max-unzipped-mib): refused as a possible zip bomb");
}

// Writes at most `max_bytes`: the deflate ratio can reach about 1000:1, so a small archive must not
// be able to fill the disk or run for hours before the first line is even validated.
void inflate_to(std::ifstream& in, const Member& member, std::uint64_t data_offset, std::ofstream& out,
                std::uint64_t max_bytes) {
    in.seekg(static_cast<std::streamoff>(data_offset));
    std::vector<unsigned char> input(1 << 20), output(1 << 20);
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw InputError("zlib initialisation failed");
    std::uint64_t remaining = member.compressed;
    std::uint64_t written = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (stream.avail_in == 0) {
            const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, input.size()));
            if (chunk == 0) break;
            in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(chunk));
            remaining -= chunk;
            stream.next_in = input.data();
            stream.avail_in = static_cast<uInt>(chunk);
        }
        stream.next_out = output.data();
        stream.avail_out = static_cast<uInt>(output.size());
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&stream);
            throw InputError("corrupt deflate data in ZIP member " + member.name);
        }
        const std::size_t produced = output.size() - stream.avail_out;
        written += produced;
        if (written > max_bytes) {
            inflateEnd(&stream);
            too_large(member, max_bytes);
        }
        out.write(reinterpret_cast<const char*>(output.data()), static_cast<std::streamsize>(produced));
    }
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) throw InputError("truncated ZIP member " + member.name);
}

} // namespace

void extract_zip_member(const std::string& zip_path, const std::string& member_hint, const std::string& out_path,
                        std::uint64_t max_bytes) {
    std::ifstream in(zip_path, std::ios::binary | std::ios::ate);
    if (!in) throw InputError("cannot open " + zip_path);
    const auto file_size = static_cast<std::uint64_t>(in.tellg());
    const auto members = central_directory(in, file_size);
    const Member& member = choose(members, member_hint, zip_path);
    const auto local = read_range(in, member.local_offset, 30);
    if (le32(local.data()) != 0x04034b50) throw InputError("corrupt ZIP local header");
    const std::uint64_t data_offset = member.local_offset + 30ULL + le16(&local[26]) + le16(&local[28]);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (member.method == 0) {
        if (member.compressed > max_bytes) too_large(member, max_bytes);
        in.seekg(static_cast<std::streamoff>(data_offset));
        std::vector<char> buffer(1 << 20);
        std::uint64_t remaining = member.compressed;
        while (remaining > 0) {
            const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffer.size()));
            in.read(buffer.data(), static_cast<std::streamsize>(chunk));
            out.write(buffer.data(), static_cast<std::streamsize>(chunk));
            remaining -= chunk;
        }
    } else if (member.method == 8) {
        inflate_to(in, member, data_offset, out, max_bytes);
    } else {
        throw InputError("ZIP member " + member.name + ": unsupported compression method " +
                         std::to_string(member.method));
    }
    if (!out) throw InputError("cannot write " + out_path);
}

} // namespace esc::directory_sync
