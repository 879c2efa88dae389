#include "domain/logout_token.hpp"

#include <algorithm>

namespace esc::domain {

nlohmann::json build_logout_token_claims(const LogoutTokenInput& in) {
    return {{"iss", in.issuer},    {"aud", in.client_id},
            {"iat", in.issued_at}, {"exp", in.issued_at + in.lifetime},
            {"jti", in.jti},       {"sub", in.subject},
            {"sid", in.sid},       {"events", {{kBackchannelLogoutEvent, nlohmann::json::object()}}}};
}

UnixTime logout_retry_delay(int attempts) {
    UnixTime delay = 5;
    for (int i = 1; i < attempts && delay < 300; ++i)
        delay *= 2;
    return std::min<UnixTime>(delay, 300);
}

} // namespace esc::domain
