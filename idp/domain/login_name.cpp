#include "domain/login_name.hpp"

#include <cstdint>
#include <utility>

namespace esc::domain {
namespace {

// Latin letters with diacritics found in French and European names, folded to ASCII. Code points
// outside this table and outside ASCII are dropped.
constexpr std::pair<char32_t, std::string_view> kFolds[] = {
    {U'À', "a"},  {U'Á', "a"},  {U'Â', "a"},  {U'Ã', "a"},  {U'Ä', "a"},  {U'Å', "a"},  {U'Æ', "ae"}, {U'Ç', "c"},
    {U'È', "e"},  {U'É', "e"},  {U'Ê', "e"},  {U'Ë', "e"},  {U'Ì', "i"},  {U'Í', "i"},  {U'Î', "i"},  {U'Ï', "i"},
    {U'Ð', "d"},  {U'Ñ', "n"},  {U'Ò', "o"},  {U'Ó', "o"},  {U'Ô', "o"},  {U'Õ', "o"},  {U'Ö', "o"},  {U'Ø', "o"},
    {U'Ù', "u"},  {U'Ú', "u"},  {U'Û', "u"},  {U'Ü', "u"},  {U'Ý', "y"},  {U'ß', "ss"}, {U'à', "a"},  {U'á', "a"},
    {U'â', "a"},  {U'ã', "a"},  {U'ä', "a"},  {U'å', "a"},  {U'æ', "ae"}, {U'ç', "c"},  {U'è', "e"},  {U'é', "e"},
    {U'ê', "e"},  {U'ë', "e"},  {U'ì', "i"},  {U'í', "i"},  {U'î', "i"},  {U'ï', "i"},  {U'ð', "d"},  {U'ñ', "n"},
    {U'ò', "o"},  {U'ó', "o"},  {U'ô', "o"},  {U'õ', "o"},  {U'ö', "o"},  {U'ø', "o"},  {U'ù', "u"},  {U'ú', "u"},
    {U'û', "u"},  {U'ü', "u"},  {U'ý', "y"},  {U'ÿ', "y"},  {U'Ā', "a"},  {U'ā', "a"},  {U'Ă', "a"},  {U'ă', "a"},
    {U'Ą', "a"},  {U'ą', "a"},  {U'Ć', "c"},  {U'ć', "c"},  {U'Č', "c"},  {U'č', "c"},  {U'Ď', "d"},  {U'ď', "d"},
    {U'Đ', "d"},  {U'đ', "d"},  {U'Ē', "e"},  {U'ē', "e"},  {U'Ė', "e"},  {U'ė', "e"},  {U'Ę', "e"},  {U'ę', "e"},
    {U'Ě', "e"},  {U'ě', "e"},  {U'Ğ', "g"},  {U'ğ', "g"},  {U'Ī', "i"},  {U'ī', "i"},  {U'İ', "i"},  {U'ı', "i"},
    {U'Ł', "l"},  {U'ł', "l"},  {U'Ń', "n"},  {U'ń', "n"},  {U'Ň', "n"},  {U'ň', "n"},  {U'Ō', "o"},  {U'ō', "o"},
    {U'Ő', "o"},  {U'ő', "o"},  {U'Œ', "oe"}, {U'œ', "oe"}, {U'Ř', "r"},  {U'ř', "r"},  {U'Ś', "s"},  {U'ś', "s"},
    {U'Ş', "s"},  {U'ş', "s"},  {U'Š', "s"},  {U'š', "s"},  {U'Ţ', "t"},  {U'ţ', "t"},  {U'Ť', "t"},  {U'ť', "t"},
    {U'Ū', "u"},  {U'ū', "u"},  {U'Ů', "u"},  {U'ů', "u"},  {U'Ű', "u"},  {U'ű', "u"},  {U'Ÿ', "y"},  {U'Ź', "z"},
    {U'Þ', "th"}, {U'þ', "th"}, {U'ź', "z"},  {U'Ż', "z"},  {U'ż', "z"},  {U'Ž', "z"},  {U'ž', "z"},
};

std::string_view fold(char32_t c) {
    for (const auto& [from, to] : kFolds)
        if (from == c) return to;
    return {};
}

// Next code point of valid UTF-8 (the caller checked), advancing `i`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
    char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
        c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return c;
}

bool is_separator(char32_t c) {
    return c == U' ' || c == U'-' || c == U'\u00A0' || c == U'\u2010' || c == U'\u2011' || c == U'_';
}

} // namespace

std::optional<LoginRule> parse_login_rule(std::string_view text) {
    if (text == "prenom.nom") return LoginRule::first_dot_last;
    if (text == "pnom") return LoginRule::initial_last;
    if (text == "p.nomxxxx") return LoginRule::initial_dot_7;
    return std::nullopt;
}

std::string_view login_rule_name(LoginRule rule) {
    switch (rule) {
    case LoginRule::first_dot_last:
        return "prenom.nom";
    case LoginRule::initial_last:
        return "pnom";
    case LoginRule::initial_dot_7:
        return "p.nomxxxx";
    }
    return "prenom.nom";
}

std::string fold_name(std::string_view text) {
    std::string out;
    bool pending_separator = false;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = next_code_point(text, i);
        std::string_view piece;
        char ascii = 0;
        if (c < 0x80) {
            const auto a = static_cast<char>(c);
            if (a >= 'A' && a <= 'Z')
                ascii = static_cast<char>(a - 'A' + 'a');
            else if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
                ascii = a;
        } else {
            piece = fold(c);
        }
        if (is_separator(c)) {
            pending_separator = !out.empty();
            continue;
        }
        if (!ascii && piece.empty()) continue; // apostrophes, dots, other scripts
        if (pending_separator) out += '-';
        pending_separator = false;
        if (ascii)
            out += ascii;
        else
            out += piece;
    }
    return out;
}

std::string compact_name(std::string_view text) {
    std::string out = fold_name(text);
    std::erase(out, '-');
    return out;
}

std::optional<std::string> base_login(LoginRule rule, std::string_view first_name, std::string_view last_name) {
    const auto first = fold_name(first_name);
    const auto last = fold_name(last_name);
    if (first.empty() || last.empty()) return std::nullopt;
    switch (rule) {
    case LoginRule::first_dot_last:
        return first + "." + last;
    case LoginRule::initial_last:
        return first.substr(0, 1) + compact_name(last_name);
    case LoginRule::initial_dot_7:
        return first.substr(0, 1) + "." + compact_name(last_name).substr(0, 7);
    }
    return std::nullopt;
}

std::string first_free_login(const std::string& base, const std::function<bool(const std::string&)>& taken) {
    if (!taken(base)) return base;
    for (std::uint64_t n = 2;; ++n) {
        auto candidate = base + std::to_string(n);
        if (!taken(candidate)) return candidate;
    }
}

} // namespace esc::domain
