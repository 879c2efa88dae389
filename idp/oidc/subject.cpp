#include "oidc/subject.hpp"

#include <charconv>

#include "crypto/encoding.hpp"
#include "domain/subject.hpp"
#include "endpoints/deps.hpp"

namespace esc::oidc {

namespace {
constexpr std::string_view kLocalPrefix = "local:";

// One legacy uuid per deployment (as PSC's Keycloak federation id), derived from the issuer so
// it never changes while the issuer does not.
domain::SubjectOptions options_for(const Deps& deps, bool legacy) {
    domain::SubjectOptions o;
    o.legacy = legacy;
    if (legacy) o.legacy_uuid = domain::uuid_from_bytes(crypto::sha256(deps.endpoints.issuer).substr(0, 16));
    return o;
}
} // namespace

std::string subject_of(const Deps& deps, const domain::Account& account) {
    return domain::subject_for(account, options_for(deps, false));
}

std::string subject_for(const Deps& deps, const domain::Account& account, const domain::Client& client) {
    return domain::subject_for(account, options_for(deps, client.legacy_sub));
}

std::optional<domain::Account> account_of_subject(const Deps& deps, const std::string& sub) {
    if (sub.rfind(kLocalPrefix, 0) == 0) {
        std::int64_t id = 0;
        auto text = std::string_view(sub).substr(kLocalPrefix.size());
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
        return deps.store.accounts().find_by_id(id);
    }
    std::string national_id = sub;
    if (sub.rfind("f:", 0) == 0) national_id = sub.substr(sub.rfind(':') + 1);
    return deps.store.accounts().find_by_national_id(national_id);
}

} // namespace esc::oidc
