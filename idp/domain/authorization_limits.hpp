#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "domain/oauth_error.hpp"

// Bounds of the authorization request's parameters. Whatever the authorization endpoint keeps
// (in the interaction while the professional logs in, then in the code) or echoes (state, in the
// response; nonce, in the ID token) has a length limit and must be UTF-8, so an anonymous caller
// can neither park megabytes in memory nor plant bytes that later break the token endpoint's JSON.
namespace esc::domain {

inline constexpr std::size_t kMaxStateBytes = 2048;
inline constexpr std::size_t kMaxNonceBytes = 512;
inline constexpr std::size_t kMaxLoginHintBytes = 256;
inline constexpr std::size_t kMaxUiLocalesBytes = 256;
inline constexpr std::size_t kMaxAcrValuesBytes = 512;
inline constexpr std::size_t kMaxScopeBytes = 2048;

// The largest value accepted for a parameter the endpoint uses, or nullopt when the parameter is
// not one it keeps or echoes (unknown parameters are ignored, OIDC Core §3.1.2.1).
std::optional<std::size_t> authorization_parameter_bound(std::string_view name);

// invalid_request naming the parameter when `value` is longer than its bound or is not UTF-8.
std::optional<OAuthError> check_authorization_parameter(std::string_view name, std::string_view value);

} // namespace esc::domain
