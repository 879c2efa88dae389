#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claims_request.hpp"
#include "domain/grants.hpp"
#include "domain/time.hpp"

// Authentication modes and assurance levels (psc-profile.md "Assurance levels"): the mode the
// professional used gives `authMode`, `acr` (eIDAS level, configurable), `amr` (RFC 8176) and
// `auth_level`; requested levels come from `acr_values` (OIDC Core §3.1.2.1) or an `acr` entry of
// the `claims` parameter (OIDC Core §5.5.1.1).
namespace esc::domain {

enum class AuthMode { password, mobile, card, certificate };

// Mirrors config::AcrConfig (kept separate so the domain does not depend on config).
// A certificate (workstation/CPS certificate over TLS) takes the card's level.
struct AcrMapping {
    std::string password = "eidas1";
    std::string mobile = "eidas2";
    std::string card = "eidas3";
};

// "PASSWORD", "MOBILE", "CARD", "CERTIFICATE": the PSC `authMode` values.
std::string_view auth_mode_name(AuthMode mode);
std::optional<AuthMode> parse_auth_mode(std::string_view name);

const std::string& acr_for(AuthMode mode, const AcrMapping& mapping);

// RFC 8176 values: password ["pwd"]; mobile one-time code / app ["otp", "mfa"] (the device plus the
// account's secret); CPS card with PIN ["hwk", "sc", "pin", "mfa"]; certificate without a card
// reader ["swk"] (proof of possession of a software-held key).
std::vector<std::string> amr_for(AuthMode mode);

// `Palier_Authentification` (PSC flat attribute copied into DMP access headers, code system
// 1.2.250.1.213.1.5.1.1.1): APPPRIP1 for a password, APPPRIP2 for the mobile app / one-time code,
// APPPRIP3 for the CPS card and a certificate (which take the card's acr). It must follow how the
// professional really authenticated: a DMP grants access by this level, so saying palier 3 after a
// password login would overstate it. Returned as "<code>^<code system>".
std::string palier_authentification(AuthMode mode);
// Same from the PSC `authMode` name of the session; an unknown name gets the lowest palier.
std::string palier_authentification(std::string_view auth_mode_name);

// eidas1 -> 1, eidas2 -> 2, eidas3 -> 3, anything else -> 0 (unknown, satisfies nothing).
int acr_level(std::string_view acr);
// `auth_level` claim: the eIDAS level of the session's acr as a number.
int auth_level(const AuthContext& auth);

AuthContext make_auth_context(AuthMode mode, UnixTime auth_time, const AcrMapping& mapping);

// What the RP asked for. `values` in order of preference; `essential` when asked through an
// essential `acr` claim, whose failure must fail the authentication (OIDC Core §5.5.1.1).
struct AcrRequest {
    std::vector<std::string> values;
    bool essential = false;
};

// From the space-separated `acr_values` and the parsed `claims` parameter; an `acr` entry of the
// claims' id_token member takes precedence because it is the more specific request.
AcrRequest make_acr_request(std::string_view acr_values, const ClaimsRequest& claims);

// Lowest level among the known requested values (any of them is acceptable), 0 when none is known.
int required_level(const AcrRequest& request);

// Whether a session at `session_acr` satisfies the request: a higher level satisfies a lower one.
// Unknown values alone are ignored for acr_values but cannot be met when essential.
bool acr_satisfied(std::string_view session_acr, const AcrRequest& request);

// The `acr` to put in the ID and access tokens. Normally the session's own acr. When the request is
// essential, or the client opted into the PSC echo (Client::echo_requested_acr), the first requested
// value the session satisfies (OIDC Core §5.5.1.1 asks for a value among those requested; some PSC
// RPs insist on the value they sent). Never a level above what the session reached.
std::string acr_to_emit(std::string_view session_acr, const AcrRequest& request, bool echo_requested);

} // namespace esc::domain
