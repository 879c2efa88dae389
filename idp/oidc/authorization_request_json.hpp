#pragma once
#include <optional>
#include <string>

#include "oidc/authorization_request.hpp"

// A validated authorization request as JSON, so that a login in progress can be stored and picked
// up by another node or after a restart (endpoints/interactions.hpp). The parsed members (`claims`,
// `acr`) are not written: they are derived again from `claims_json` and `acr_values`, by the same
// functions authorize used.
namespace esc::oidc {

std::string to_json(const AuthorizationRequest& request);
// nullopt when the text is not what to_json writes (a corrupted or foreign row).
std::optional<AuthorizationRequest> authorization_request_from_json(const std::string& text);

} // namespace esc::oidc
