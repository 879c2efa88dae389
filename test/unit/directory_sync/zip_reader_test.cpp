// ZIP extraction: a deflated member is extracted, and a member that expands past the cap (zip
// bomb) is refused with a clear error instead of filling the disk.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "input_file.hpp"

using namespace esc::directory_sync;

namespace {

void put16(std::string& out, unsigned v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

std::string raw_deflate(const std::string& data) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// A one-member archive (APPNOTE.TXT §4.3): local header, data, central directory, end record.
std::string zip_of(const std::string& name, const std::string& content) {
    const std::string packed = raw_deflate(content);
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
    std::string zip;
    put32(zip, 0x04034b50);
    put16(zip, 20), put16(zip, 0), put16(zip, 8), put16(zip, 0), put16(zip, 0);
    put32(zip, crc), put32(zip, static_cast<std::uint32_t>(packed.size()));
    put32(zip, static_cast<std::uint32_t>(content.size()));
    put16(zip, static_cast<unsigned>(name.size())), put16(zip, 0);
    zip += name;
    zip += packed;
    const auto cd_offset = static_cast<std::uint32_t>(zip.size());
    put32(zip, 0x02014b50);
    put16(zip, 20), put16(zip, 20), put16(zip, 0), put16(zip, 8), put16(zip, 0), put16(zip, 0);
    put32(zip, crc), put32(zip, static_cast<std::uint32_t>(packed.size()));
    put32(zip, static_cast<std::uint32_t>(content.size()));
    put16(zip, static_cast<unsigned>(name.size())), put16(zip, 0), put16(zip, 0), put16(zip, 0), put16(zip, 0);
    put32(zip, 0), put32(zip, 0);
    zip += name;
    const auto cd_size = static_cast<std::uint32_t>(zip.size() - cd_offset);
    put32(zip, 0x06054b50);
    put16(zip, 0), put16(zip, 0), put16(zip, 1), put16(zip, 1);
    put32(zip, cd_size), put32(zip, cd_offset), put16(zip, 0);
    return zip;
}

struct TempFiles {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("esc-zip-test-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    TempFiles() { std::filesystem::create_directories(dir); }
    ~TempFiles() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& bytes) {
        auto path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
};

} // namespace

TEST_CASE("a deflated ZIP member under the cap is extracted", "[unit][directory_sync]") {
    TempFiles tmp;
    const std::string content = "a|b|c\n1|2|3\n";
    auto zip = tmp.write("small.zip", zip_of("PS_LibreAcces_Personne_activite.txt", content));
    auto out = (tmp.dir / "out.txt").string();
    extract_zip_member(zip, "Personne_activite", out, 1024);
    std::ifstream in(out, std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(got == content);
}

TEST_CASE("a ZIP member expanding past the cap is refused as a zip bomb", "[unit][directory_sync]") {
    TempFiles tmp;
    // 8 MiB of one byte deflates to a few KiB: a ratio of about 1000:1.
    const std::string bomb(8u << 20, 'A');
    const std::string archive = zip_of("PS_LibreAcces_Personne_activite.txt", bomb);
    REQUIRE(archive.size() < 64 * 1024);
    auto zip = tmp.write("bomb.zip", archive);
    auto out = (tmp.dir / "out.txt").string();
    try {
        extract_zip_member(zip, "Personne_activite", out, 1u << 20);
        FAIL("no error for a member expanding past 1 MiB");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Catch::Contains("zip bomb") && Catch::Contains("1048576"));
    }
    // Stopped early: the partial output never grows much past the cap.
    CHECK(std::filesystem::file_size(out) <= (2u << 20));
    // The same archive with a generous cap is accepted.
    extract_zip_member(zip, "Personne_activite", out, 16u << 20);
    CHECK(std::filesystem::file_size(out) == bomb.size());
    // And InputFile passes its cap through.
    CHECK_THROWS_AS(InputFile(zip, "Personne_activite", 1u << 20), InputError);
}
