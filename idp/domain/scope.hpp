#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/client.hpp"

// Scope strings (RFC 6749 §3.3) and the scopes Esculape knows.
namespace esc::domain {

using Scopes = std::vector<std::string>; // ordered as requested, without duplicates

// Every scope Esculape accepts: the OIDC ones plus the names PSC relying parties send
// (psc-profile.md "What RPs send"). `eidas1` is a scope some RPs send by mistake for acr_values.
const std::vector<std::string>& supported_scopes();
bool is_supported_scope(std::string_view scope);
// What discovery advertises (`scopes_supported`): the supported scopes that release claims or
// grant something, so not `eidas1`, and `offline_access` only when some client may obtain it.
std::vector<std::string> advertised_scopes(bool offline_access_available);

// The scopes that release the PSC claim set (SubjectRefPro, SubjectRole, otherIds...).
bool is_psc_scope(std::string_view scope);
bool has_psc_scope(const Scopes& scopes);

// Splits on spaces. Several or surrounding spaces are tolerated (RPs build the string by hand);
// a token with a character outside NQCHAR (%x21 / %x23-5B / %x5D-7E, so no '"', '\', tab, control
// or non-ASCII) makes the whole value invalid: nullopt, to answer invalid_scope. Duplicates dropped.
std::optional<Scopes> parse_scope(std::string_view text);

// Keeps only supported scopes: OIDC Core §3.1.2.1 says unknown scope values SHOULD be ignored.
Scopes filter_supported(const Scopes& scopes);

// Keeps only what the client may obtain (Client::scopes; empty = every supported scope;
// offline_access only with Client::allow_offline_access).
// RFC 6749 §3.3 lets the server grant less than requested; the granted value goes back in `scope`.
Scopes restrict_to_client(const Scopes& scopes, const Client& client);

// Every scope the client could be granted: what a `claims` request may draw on (OIDC Core §5.5).
Scopes client_obtainable_scopes(const Client& client);

// filter_supported then restrict_to_client: what to grant.
Scopes grantable_scopes(const Scopes& requested, const Client& client);

// Whether every scope of `subset` is in `set` (refresh requests may only narrow, RFC 6749 §6).
bool is_subset(const Scopes& subset, const Scopes& set);

bool has_scope(const Scopes& scopes, std::string_view scope);
std::string join_scopes(const Scopes& scopes);

} // namespace esc::domain
