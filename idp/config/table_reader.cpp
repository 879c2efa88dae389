#include "config/table_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace esc::config::detail {

namespace {

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so the common
// typo "listne" is one edit away from "listen".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

std::string closest_name(std::string_view unknown, const std::vector<std::string>& known) {
    // Allow about one edit per three characters, so short keys do not match everything.
    std::size_t limit = std::clamp<std::size_t>(unknown.size() / 3, 1, 3);
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const auto& name : known) {
        std::size_t d = edit_distance(unknown, name);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best;
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string:
        return "string";
    case toml::node_type::integer:
        return "integer";
    case toml::node_type::floating_point:
        return "float";
    case toml::node_type::boolean:
        return "boolean";
    case toml::node_type::array:
        return "array";
    case toml::node_type::table:
        return "table";
    case toml::node_type::date:
        return "date";
    case toml::node_type::time:
        return "time";
    case toml::node_type::date_time:
        return "date-time";
    default:
        return "nothing";
    }
}

TableReader::TableReader(const toml::table& table, std::string path, Diagnostics& diag)
    : table_(table), path_(std::move(path)), diag_(diag) {}

bool TableReader::has(std::string_view key) const {
    return table_.contains(key);
}

std::string TableReader::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* TableReader::find(std::string_view key) {
    known_.emplace(key);
    return table_.get(key);
}

void TableReader::type_error(std::string_view key, std::string_view expected, const toml::node& got) {
    diag_.error(path_of(key), "expected " + std::string(expected) + ", got " + type_name(got));
}

bool TableReader::read(std::string_view key, std::string& out) {
    const toml::node* node = find(key);
    if (!node) return false;
    if (auto value = node->value_exact<std::string>()) {
        out = *value;
        return true;
    }
    type_error(key, "a string", *node);
    return false;
}

bool TableReader::read(std::string_view key, bool& out) {
    const toml::node* node = find(key);
    if (!node) return false;
    if (auto value = node->value_exact<bool>()) {
        out = *value;
        return true;
    }
    type_error(key, "true or false", *node);
    return false;
}

std::optional<std::int64_t> TableReader::read_integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    auto value = node->value_exact<std::int64_t>();
    if (!value) {
        type_error(key, "an integer", *node);
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        diag_.error(path_of(key), "out of range: " + std::to_string(*value) + " (allowed " + std::to_string(min) +
                                      " to " + std::to_string(max) + ")");
        return std::nullopt;
    }
    return value;
}

bool TableReader::read(std::string_view key, int& out, std::int64_t min, std::int64_t max) {
    auto value = read_integer(key, min, max);
    if (value) out = static_cast<int>(*value);
    return value.has_value();
}

bool TableReader::read(std::string_view key, std::size_t& out, std::int64_t min, std::int64_t max) {
    auto value = read_integer(key, min, max);
    if (value) out = static_cast<std::size_t>(*value);
    return value.has_value();
}

bool TableReader::read(std::string_view key, std::vector<std::string>& out) {
    const toml::node* node = find(key);
    if (!node) return false;
    const toml::array* array = node->as_array();
    if (!array) {
        type_error(key, "an array of strings", *node);
        return false;
    }
    std::vector<std::string> values;
    bool ok = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& item = *array->get(i);
        if (auto value = item.value_exact<std::string>()) {
            values.push_back(*value);
        } else {
            diag_.error(path_of(key) + "[" + std::to_string(i) + "]", "expected a string, got " + type_name(item));
            ok = false;
        }
    }
    if (ok) out = std::move(values);
    return ok;
}

const toml::table* TableReader::table(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    type_error(key, "a table", *node);
    return nullptr;
}

const toml::array* TableReader::array(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return nullptr;
    if (const toml::array* a = node->as_array()) return a;
    type_error(key, "an array", *node);
    return nullptr;
}

void TableReader::declare(std::string_view key) {
    known_.emplace(key);
}

void TableReader::finish() {
    std::vector<std::string> known(known_.begin(), known_.end());
    for (auto&& [key, node] : table_) {
        if (known_.count(key.str())) continue;
        std::string message = "unknown key";
        std::string hint = closest_name(key.str(), known);
        if (!hint.empty()) message += " (did you mean " + hint + "?)";
        diag_.error(path_of(key.str()), message);
    }
}

std::string resolve_path(const std::string& base_dir, const std::string& path) {
    if (path.empty() || base_dir.empty()) return path;
    std::filesystem::path p(path);
    if (p.is_absolute()) return path;
    auto resolved = (std::filesystem::path(base_dir) / p).lexically_normal();
    // "dir/." normalises to "dir/": drop the trailing separator so paths compare and print cleanly.
    if (!resolved.has_filename() && resolved != resolved.root_path()) resolved = resolved.parent_path();
    return resolved.string();
}

std::optional<std::string> read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return content.str();
}

bool is_readable_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    return static_cast<bool>(in);
}

} // namespace esc::config::detail
