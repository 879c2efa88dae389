#include "web/browser_binding.hpp"

#include <algorithm>

#include "crypto/encoding.hpp"
#include "http/cookies.hpp"

namespace esc::web {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kKeyChars = 43; // base64url of 32 bytes, unpadded

bool is_key(std::string_view value) {
    return value.size() == kKeyChars && std::all_of(value.begin(), value.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
           });
}

} // namespace

std::string pre_login_key(const http::Request& request) {
    std::string value = http::cookie_value(request.header("Cookie"), kPreLoginCookie);
    return is_key(value) ? value : std::string();
}

std::string new_pre_login_key() {
    return crypto::random_token(kKeyBytes);
}

std::string pre_login_cookie(std::string_view key, int max_age) {
    http::CookieOptions options;
    options.max_age = max_age;
    return http::set_cookie(kPreLoginCookie, key, options);
}

std::string login_csrf_binding(std::string_view interaction_id, std::string_view pre_login_key) {
    // Without a key there is nothing only this browser holds: the binding is empty, which
    // make_csrf refuses and check_csrf never accepts.
    if (!is_key(pre_login_key)) return {};
    std::string binding = "login\n";
    binding.append(interaction_id).append("\n").append(pre_login_key);
    return binding;
}

std::string session_csrf_binding(std::string_view session_id_hash) {
    if (session_id_hash.empty()) return {};
    return "session\n" + std::string(session_id_hash);
}

} // namespace esc::web
