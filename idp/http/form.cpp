#include "http/form.hpp"

#include <unordered_set>

namespace esc::http {

const std::string* FormParams::find(std::string_view name) const {
    for (const auto& p : params_)
        if (p.name == name) return &p.value;
    return nullptr;
}

std::string FormParams::get(std::string_view name) const {
    const auto* v = find(name);
    return v ? *v : std::string{};
}

std::size_t FormParams::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& p : params_)
        if (p.name == name) ++n;
    return n;
}

std::string FormParams::first_duplicate() const {
    // One hash-set pass: the pairwise scan it replaces cost O(n^2) before client authentication.
    std::unordered_set<std::string_view> seen;
    seen.reserve(params_.size());
    for (const auto& p : params_)
        if (!seen.insert(p.name).second) return p.name;
    return {};
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

std::optional<std::string> url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string url_encode(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3 / 2);
    for (unsigned char c : text) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::size_t count_form_params(std::string_view body) {
    std::size_t n = 0;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        if (amp > pos) ++n;
        pos = amp + 1;
    }
    return n;
}

std::optional<FormParams> parse_form(std::string_view body) {
    FormParams params;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        std::string_view pair = body.substr(pos, amp - pos);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            auto name = url_decode(pair.substr(0, eq));
            auto value =
                eq == std::string_view::npos ? std::optional<std::string>{""} : url_decode(pair.substr(eq + 1));
            if (!name || !value) return std::nullopt;
            if (params.all().size() >= kMaxFormParams) return std::nullopt;
            params.add(std::move(*name), std::move(*value));
        }
        pos = amp + 1;
    }
    return params;
}

std::string append_query(std::string url, const std::vector<FormParams::Param>& params) {
    char sep = url.find('?') == std::string::npos ? '?' : '&';
    for (const auto& p : params) {
        url.push_back(sep);
        url += url_encode(p.name);
        url.push_back('=');
        url += url_encode(p.value);
        sep = '&';
    }
    return url;
}

std::string trimmed_field(std::string_view value, std::size_t max_bytes) {
    const auto first = value.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    const auto last = value.find_last_not_of(" \t\r\n");
    return std::string(value.substr(first, last - first + 1).substr(0, max_bytes));
}

} // namespace esc::http
