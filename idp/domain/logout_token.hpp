#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "domain/mail.hpp"
#include "domain/time.hpp"

// OpenID Connect Back-Channel Logout 1.0: the logout token a relying party receives when the
// professional logs out everywhere, and its delivery as the store keeps it.
namespace esc::domain {

struct LogoutTokenInput {
    std::string issuer;
    std::string client_id; // aud
    std::string subject;   // the sub this client knows
    std::string sid;
    std::string jti;
    UnixTime issued_at = 0;
    UnixTime lifetime = 120;
};

// §2.4: iss, aud, iat, exp, jti, sub, sid and the back-channel logout event; never a nonce.
nlohmann::json build_logout_token_claims(const LogoutTokenInput& in);
inline constexpr const char* kBackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
// §2.4: the JWS header's typ, so that a logout token is never taken for an ID token.
inline constexpr const char* kLogoutTokenType = "logout+jwt";

struct LogoutDelivery {
    std::int64_t id = 0;
    std::string client_id;
    std::string uri;
    std::string logout_token;
    UnixTime created_at = 0;
    UnixTime next_attempt_at = 0;
    int attempts = 0;
    MailState state = MailState::pending; // the same life as a mail: pending, sent, failed
    std::string last_error;
};

// 5 s, doubling, at most 5 minutes between attempts: a relying party restarting is back soon, and
// a logout delivered an hour late is worth little.
UnixTime logout_retry_delay(int attempts);

} // namespace esc::domain
