#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// application/x-www-form-urlencoded and query strings (WHATWG URL §5, RFC 6749 Appendix B).
namespace esc::http {

// No endpoint reads more than about 25 parameters; the cap bounds the work done on a request
// before the client is authenticated. The server answers 400 above it (server.cpp), and
// parse_form refuses such input too, so no caller can be handed an unbounded list.
inline constexpr std::size_t kMaxFormParams = 128;

class FormParams {
public:
    struct Param {
        std::string name;
        std::string value;
    };

    // nullptr when absent. OAuth parameters must not repeat (RFC 6749 §3.1): see `first_duplicate`.
    const std::string* find(std::string_view name) const;
    std::string get(std::string_view name) const; // "" when absent
    bool has(std::string_view name) const { return find(name) != nullptr; }
    std::size_t count(std::string_view name) const;
    // Name of the first parameter that appears more than once, or "".
    std::string first_duplicate() const;
    const std::vector<Param>& all() const { return params_; }
    void add(std::string name, std::string value) { params_.push_back({std::move(name), std::move(value)}); }

private:
    std::vector<Param> params_;
};

// Decodes %XX and '+'; nullopt on a truncated or non-hex escape.
std::optional<std::string> url_decode(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
std::string url_encode(std::string_view text);
// Number of non-empty pairs in "a=1&b=2" (what parse_form would return), without decoding.
std::size_t count_form_params(std::string_view body);
// Parses "a=1&b=2"; nullopt on a malformed escape or more than kMaxFormParams pairs. Empty pairs ("&&") are skipped; a
// name without '=' has value "".
std::optional<FormParams> parse_form(std::string_view body);
// A form field as people type it: spaces, tabs and line ends around it dropped, then at most
// `max_bytes` kept.
std::string trimmed_field(std::string_view value, std::size_t max_bytes);
// Appends "name=value" pairs to a URL, with '?' or '&' as needed.
std::string append_query(std::string url, const std::vector<FormParams::Param>& params);

} // namespace esc::http
