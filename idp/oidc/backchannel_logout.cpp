#include "oidc/backchannel_logout.hpp"

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "domain/logout_token.hpp"
#include "endpoints/deps.hpp"
#include "oidc/subject.hpp"

namespace esc::oidc {

int queue_backchannel_logouts(const Deps& deps, const domain::Session& session) {
    if (session.sid.empty()) return 0;
    std::vector<domain::LogoutDelivery> deliveries;
    std::optional<domain::Account> account;
    const auto now = deps.clock.now();
    for (const auto& client_id : deps.store.sessions().clients_of(session.sid)) {
        const auto* entry = deps.clients.find(client_id);
        if (!entry || entry->client.backchannel_logout_uri.empty()) continue;
        const auto& client = entry->client;
        if (!account) account = deps.store.accounts().find_by_id(session.account_id);
        if (!account) return 0; // the account is gone: no subject to name
        domain::LogoutTokenInput in;
        in.issuer = deps.endpoints.issuer;
        in.client_id = client.id;
        in.subject = subject_for(deps, *account, client);
        in.sid = session.sid;
        in.jti = crypto::random_token(16);
        in.issued_at = now;
        // Signed as the client's ID tokens are, so it verifies them both with the same keys (§2.4).
        auto alg = crypto::parse_alg(client.id_token_signed_response_alg.empty() ? deps.config.tokens.default_alg
                                                                                 : client.id_token_signed_response_alg);
        auto key = deps.keys.signer(alg.value_or(crypto::Alg::RS256));
        if (!key) continue;
        domain::LogoutDelivery d;
        d.client_id = client.id;
        d.uri = client.backchannel_logout_uri;
        d.logout_token = crypto::sign_jws(*key, domain::build_logout_token_claims(in).dump(), domain::kLogoutTokenType);
        d.created_at = now;
        d.next_attempt_at = now;
        deliveries.push_back(std::move(d));
    }
    if (!deliveries.empty()) deps.store.logout_deliveries().enqueue(deliveries);
    return static_cast<int>(deliveries.size());
}

} // namespace esc::oidc
