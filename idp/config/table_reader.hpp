#pragma once
// Private to esc_config: typed reading of one TOML table with error collection.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"

namespace esc::config::detail {

// Every problem found while loading, so the operator sees them all at once (style.md "Configuration").
struct Diagnostics {
    std::vector<ConfigError> errors;
    std::vector<std::string> warnings;

    void error(std::string path, std::string message) { errors.push_back({std::move(path), std::move(message)}); }
    void warn(std::string text) { warnings.push_back(std::move(text)); }
};

// "did you mean" candidate: the closest known name within a small edit distance, or "".
std::string closest_name(std::string_view unknown, const std::vector<std::string>& known);

// Human name of a TOML node type ("string", "integer", ...), for type errors.
std::string type_name(const toml::node& node);

// Reads keys of one table. Each read declares its key as known, whether present or not; `finish()`
// then reports every key of the table that nobody asked for, with a hint when a known key is close.
// Absent keys leave `out` untouched, so defaults live in the Config structs.
class TableReader {
public:
    // `path` is the prefix for error paths ("server", "clients.dcc"); empty for the top level.
    TableReader(const toml::table& table, std::string path, Diagnostics& diag);

    bool has(std::string_view key) const;
    std::string path_of(std::string_view key) const;
    Diagnostics& diag() { return diag_; }

    // Each returns true when the key was present with the right type (and in range).
    bool read(std::string_view key, std::string& out);
    bool read(std::string_view key, bool& out);
    bool read(std::string_view key, int& out, std::int64_t min, std::int64_t max);
    bool read(std::string_view key, std::size_t& out, std::int64_t min, std::int64_t max);
    bool read(std::string_view key, std::vector<std::string>& out);

    // A sub-table; reports a type error and returns nullptr when the key holds something else.
    const toml::table* table(std::string_view key);
    // An array (e.g. of tables, [[key]] in TOML); a type error and nullptr when it is something else.
    const toml::array* array(std::string_view key);
    // Marks a key as known without reading it (e.g. sub-tables handled elsewhere).
    void declare(std::string_view key);
    void finish();

private:
    const toml::node* find(std::string_view key);
    void type_error(std::string_view key, std::string_view expected, const toml::node& got);
    std::optional<std::int64_t> read_integer(std::string_view key, std::int64_t min, std::int64_t max);

    const toml::table& table_;
    std::string path_;
    Diagnostics& diag_;
    std::set<std::string, std::less<>> known_;
};

// Resolves `path` against `base_dir` unless it is absolute or empty (style: paths relative to the file).
std::string resolve_path(const std::string& base_dir, const std::string& path);
// Whole file, or nullopt when it cannot be opened for reading.
std::optional<std::string> read_file(const std::string& path);
bool is_readable_file(const std::string& path);

} // namespace esc::config::detail
