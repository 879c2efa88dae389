#include "domain/scope.hpp"

#include <algorithm>
#include <unordered_set>

namespace esc::domain {

namespace {

// RFC 6749 Appendix A.4: NQCHAR = %x21 / %x23-5B / %x5D-7E
bool is_nqchar(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

constexpr std::string_view kPscScopes[] = {"scope_all", "identity", "rpps", "referentiel", "interop"};

} // namespace

// `address` and `phone` are not here: Esculape holds no such claims about a person (OIDC Core
// §5.4), so they are ignored like any unknown scope instead of being granted for nothing.
const std::vector<std::string>& supported_scopes() {
    static const std::vector<std::string> kSupported = {"openid",    "profile",  "email",   "offline_access",
                                                        "scope_all", "identity", "interop", "referentiel",
                                                        "rpps",      "eidas1"};
    return kSupported;
}

std::vector<std::string> advertised_scopes(bool offline_access_available) {
    std::vector<std::string> out;
    for (const auto& s : supported_scopes()) {
        if (s == "eidas1") continue; // an acr value some RPs send as a scope: accepted, releases nothing
        if (s == "offline_access" && !offline_access_available) continue;
        out.push_back(s);
    }
    return out;
}

bool is_supported_scope(std::string_view scope) {
    const auto& all = supported_scopes();
    return std::find(all.begin(), all.end(), scope) != all.end();
}

bool is_psc_scope(std::string_view scope) {
    return std::find(std::begin(kPscScopes), std::end(kPscScopes), scope) != std::end(kPscScopes);
}

bool has_psc_scope(const Scopes& scopes) {
    return std::any_of(scopes.begin(), scopes.end(), [](const std::string& s) { return is_psc_scope(s); });
}

std::optional<Scopes> parse_scope(std::string_view text) {
    Scopes out;
    // Duplicates are dropped through a hash set: a linear search per token was O(n^2) on a
    // request that is parsed before the client is authenticated.
    std::unordered_set<std::string_view> seen;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        auto end = text.find(' ', i);
        if (end == std::string_view::npos) end = text.size();
        auto token = text.substr(i, end - i);
        if (!std::all_of(token.begin(), token.end(), is_nqchar)) return std::nullopt;
        if (seen.insert(token).second) out.emplace_back(token);
        i = end;
    }
    return out;
}

Scopes filter_supported(const Scopes& scopes) {
    Scopes out;
    std::copy_if(scopes.begin(), scopes.end(), std::back_inserter(out),
                 [](const std::string& s) { return is_supported_scope(s); });
    return out;
}

Scopes restrict_to_client(const Scopes& scopes, const Client& client) {
    Scopes out;
    std::copy_if(scopes.begin(), scopes.end(), std::back_inserter(out), [&](const std::string& s) {
        // OIDC Core §11: offline access needs a condition permitting it; here the client's flag.
        if (s == "offline_access" && !client.allow_offline_access) return false;
        return client.scopes.empty() ? is_supported_scope(s) : has_scope(client.scopes, s);
    });
    return out;
}

Scopes client_obtainable_scopes(const Client& client) {
    return restrict_to_client(client.scopes.empty() ? supported_scopes() : client.scopes, client);
}

Scopes grantable_scopes(const Scopes& requested, const Client& client) {
    return restrict_to_client(filter_supported(requested), client);
}

bool is_subset(const Scopes& subset, const Scopes& set) {
    return std::all_of(subset.begin(), subset.end(), [&](const std::string& s) { return has_scope(set, s); });
}

bool has_scope(const Scopes& scopes, std::string_view scope) {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string join_scopes(const Scopes& scopes) {
    std::string out;
    for (const auto& s : scopes) {
        if (!out.empty()) out += ' ';
        out += s;
    }
    return out;
}

} // namespace esc::domain
