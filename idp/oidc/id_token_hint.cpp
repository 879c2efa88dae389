#include "oidc/id_token_hint.hpp"

#include <nlohmann/json.hpp>

#include "endpoints/deps.hpp"

namespace esc::oidc {

std::optional<IdTokenHint> verify_id_token_hint(const Deps& deps, std::string_view token) {
    auto verified = crypto::verify_jws(token, deps.keys.lookup(), {crypto::Alg::RS256, crypto::Alg::ES256});
    if (!verified) return std::nullopt;
    auto payload = nlohmann::json::parse(verified.value->payload_json, nullptr, false);
    if (!payload.is_object()) return std::nullopt;
    if (payload.value("iss", "") != deps.endpoints.issuer) return std::nullopt;
    // Access tokens are signed with the same keys: only an ID token is a valid hint.
    if (payload.value("typ", "") != "ID") return std::nullopt;
    IdTokenHint hint;
    hint.sub = payload.value("sub", "");
    if (payload.contains("azp") && payload["azp"].is_string())
        hint.client_id = payload["azp"];
    else if (payload.contains("aud") && payload["aud"].is_string())
        hint.client_id = payload["aud"];
    hint.sid = payload.value("sid", "");
    if (hint.sub.empty()) return std::nullopt;
    return hint;
}

} // namespace esc::oidc
