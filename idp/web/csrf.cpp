#include "web/csrf.hpp"

#include <charconv>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/encoding.hpp"

namespace esc::web {
namespace {

constexpr std::size_t kMinSecretBytes = 16;

// The timestamp is decimal digits and comes before the binding, so the message is unambiguous
// whatever bytes the binding holds.
std::string mac(std::string_view binding, std::string_view secret, std::string_view issued_at) {
    std::string message = "esculape-csrf/1\n";
    message.append(issued_at).append("\n").append(binding);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &out_len))
        throw std::runtime_error("HMAC-SHA256 failed");
    return crypto::base64url_encode(std::string_view(reinterpret_cast<const char*>(out), out_len));
}

} // namespace

std::string make_csrf(std::string_view binding, std::string_view secret, domain::UnixTime now) {
    if (binding.empty()) throw std::invalid_argument("make_csrf: empty binding");
    if (secret.size() < kMinSecretBytes) throw std::invalid_argument("make_csrf: secret shorter than 16 bytes");
    const std::string issued_at = std::to_string(now);
    return issued_at + "." + mac(binding, secret, issued_at);
}

bool check_csrf(std::string_view token, std::string_view binding, std::string_view secret, domain::UnixTime now,
                domain::UnixTime max_age) {
    if (binding.empty() || secret.size() < kMinSecretBytes) return false;
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
    const std::string_view issued_at = token.substr(0, dot);
    domain::UnixTime issued = 0;
    const auto [end, ec] = std::from_chars(issued_at.data(), issued_at.data() + issued_at.size(), issued);
    if (ec != std::errc{} || end != issued_at.data() + issued_at.size() || issued < 0) return false;
    if (issued > now + kCsrfClockSkew || now - issued > max_age) return false;
    try {
        const std::string expected = std::string(issued_at) + "." + mac(binding, secret, issued_at);
        return crypto::constant_time_equals(expected, token);
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace esc::web
