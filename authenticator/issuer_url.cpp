#include "issuer_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>

#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr std::string_view kEnrollPath = "/device/enroll";

[[noreturn]] void bad_url(std::string_view url, const std::string& why) {
    throw usage_error("Adresse invalide « " + std::string(url) + " » : " + why + ".");
}

// Only literal loopback addresses and "localhost": "127.0.0.1.example.com" is a remote name.
bool is_loopback(std::string_view host) {
    if (host == "localhost" || host == "[::1]") return true;
    in_addr address{};
    const std::string text(host);
    return ::inet_pton(AF_INET, text.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

// The host of an authority "host[:port]", IPv6 literals keeping their brackets.
std::string_view host_of(std::string_view authority) {
    if (!authority.empty() && authority.front() == '[') {
        const auto end = authority.find(']');
        return end == std::string_view::npos ? std::string_view() : authority.substr(0, end + 1);
    }
    return authority.substr(0, authority.find(':'));
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex_value(text[i + 1]);
        const int lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// The value of `name` in a query string "a=1&b=2", percent-decoded.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return percent_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

} // namespace

std::string normalize_issuer(std::string_view issuer) {
    const bool plain = issuer.rfind("http://", 0) == 0;
    if (!plain && issuer.rfind("https://", 0) != 0) bad_url(issuer, "elle doit commencer par https://");
    if (std::any_of(issuer.begin(), issuer.end(), [](unsigned char c) { return c <= ' ' || c == 0x7F; }))
        bad_url(issuer, "espace ou caractère de contrôle");
    if (issuer.find_first_of("?#") != std::string_view::npos) bad_url(issuer, "l'émetteur n'a ni requête ni fragment");
    const std::string_view rest = issuer.substr(plain ? 7 : 8);
    const std::string_view authority = rest.substr(0, rest.find('/'));
    if (authority.find('@') != std::string_view::npos) bad_url(issuer, "identifiants interdits dans l'adresse");
    const std::string_view host = host_of(authority);
    if (host.empty()) bad_url(issuer, "hôte absent");
    // A device never talks in clear to a remote idp; a local one without TLS is a test set-up.
    if (plain && !is_loopback(host)) bad_url(issuer, "http:// n'est accepté que vers l'hôte local, utilisez https://");
    std::string normalised(issuer);
    while (normalised.size() > 1 && normalised.back() == '/')
        normalised.pop_back();
    return normalised;
}

EnrolmentLink parse_enrolment_url(std::string_view url) {
    const std::string_view without_fragment = url.substr(0, url.find('#'));
    const auto question = without_fragment.find('?');
    if (question == std::string_view::npos) bad_url(url, "le paramètre code est absent");
    const std::string_view base = without_fragment.substr(0, question);
    if (base.size() <= kEnrollPath.size() || base.substr(base.size() - kEnrollPath.size()) != kEnrollPath)
        bad_url(url, "ce n'est pas un lien d'activation …/device/enroll?code=…");
    auto code = query_parameter(without_fragment.substr(question + 1), "code");
    if (!code || code->empty()) bad_url(url, "le paramètre code est absent ou mal encodé");
    return {normalize_issuer(base.substr(0, base.size() - kEnrollPath.size())), std::move(*code)};
}

std::string endpoint_url(const std::string& issuer, std::string_view path) {
    return issuer + std::string(path);
}

} // namespace esc::authenticator
