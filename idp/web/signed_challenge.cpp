#include "web/signed_challenge.hpp"

#include "web/csrf.hpp"

namespace esc::web {

namespace {
std::string bound(std::string_view binding, std::string_view challenge) {
    return std::string(binding) + "|challenge|" + std::string(challenge);
}
} // namespace

std::string sign_challenge(std::string_view challenge, std::string_view binding, std::string_view secret,
                           domain::UnixTime now) {
    return std::string(challenge) + "." + make_csrf(bound(binding, challenge), secret, now);
}

std::optional<std::string> signed_challenge(std::string_view token, std::string_view binding, std::string_view secret,
                                            domain::UnixTime now, domain::UnixTime max_age) {
    auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 128) return std::nullopt;
    auto challenge = token.substr(0, dot);
    if (!check_csrf(token.substr(dot + 1), bound(binding, challenge), secret, now, max_age)) return std::nullopt;
    return std::string(challenge);
}

} // namespace esc::web
