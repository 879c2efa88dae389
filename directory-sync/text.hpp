#pragma once
#include <cstdint>
#include <string>
#include <string_view>

// Byte-level helpers shared by the extraction parsers: encodings, identifiers, hashing.
namespace esc::directory_sync {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Appends `text` decoded as Windows-1252 to `out` as UTF-8. Returns false when a byte is one of
// the five code points Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
bool append_cp1252_as_utf8(std::string_view text, std::string& out);

// Repairs a line that is not UTF-8 when Windows-1252 is plausibly what it is (annuaire-formats.md
// §2: older extractions were Latin-1/Windows-1252; an editor may also have mixed both in one
// line): well-formed UTF-8 sequences are kept, every other byte must be a Latin letter
// (0xC0-0xFF except × and ÷) or common French punctuation (’ « » ° € œ Œ – — … no-break space)
// and is decoded as Windows-1252. Returns false (reject) for anything else: C1 controls, stray
// symbols, control characters.
bool repair_cp1252(std::string_view text, std::string& out);

// Luhn check over decimal digits (RPPS, FINESS, SIREN, SIRET keys; annuaire-formats.md §3).
bool luhn_ok(std::string_view digits);
bool all_digits(std::string_view text);

// Validates "Identification nationale PP" against its parts (TRE_G08): type 8 + RPPS (11 digits
// with Luhn key) or type 0 + ADELI (9 characters, digits or upper-case letters such as 2A/2B).
// Returns an empty string when valid, otherwise the reject reason.
std::string check_national_id(std::string_view type, std::string_view identifier, std::string_view national_id);

// Order-preserving injective 64-bit key of a national id of at most 12 characters of [0-9A-Z]:
// base-37 digits with 0 as padding, so comparing keys compares the ids as SQLite's BINARY
// collation does. Returns 0 for anything else (0 is never a valid key).
std::uint64_t national_key(std::string_view national_id);
// Inverse of national_key.
std::string national_id_of(std::uint64_t key);

// A fast 64-bit hash (not cryptographic) for digests and hash tables.
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0);
// Mixes a value into a running digest (order-sensitive).
inline std::uint64_t mix64(std::uint64_t digest, std::uint64_t value) {
    std::uint64_t x = digest ^ (value + 0x9e3779b97f4a7c15ULL + (digest << 6) + (digest >> 2));
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    return x;
}

// Removes one trailing '\r' (CRLF files; consumers strip it defensively, annuaire-formats.md §2).
inline std::string_view strip_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

} // namespace esc::directory_sync
