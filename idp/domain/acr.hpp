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

// "PASSWORD", "MOBILE", "CARD", "CERTIFICATE": the PSC `authMode` values.
std::string_view auth_mode_name(AuthMode mode);
std::optional<AuthMode> parse_auth_mode(std::string_view name);

// One factor the professional proved. A session remembers every method it was given (step-up adds
// to them), and its level is that of the strongest method or combination among them.
enum class LoginMethod { password, card, mobile, passkey, ocra, workstation_certificate };
inline constexpr LoginMethod kLoginMethods[] = {LoginMethod::password, LoginMethod::card,
                                                LoginMethod::mobile,   LoginMethod::passkey,
                                                LoginMethod::ocra,     LoginMethod::workstation_certificate};

// Stable names, stored with the session: "password", "card", "mobile", "passkey", "ocra",
// "workstation_certificate".
std::string_view method_name(LoginMethod method);
std::optional<LoginMethod> parse_method(std::string_view name);

// Mirrors config::AcrConfig (kept separate so the domain does not depend on config). `certificate`
// is the level of a password given with the professional's own workstation certificate; the
// certificate alone logs nobody in.
struct AcrMapping {
    std::string password = "eidas1";
    std::string mobile = "eidas2";
    std::string card = "eidas3";
    std::string passkey = "eidas2";
    std::string ocra = "eidas2";
    std::string certificate = "eidas2";
};

// The acr one method reaches alone; "" for the workstation certificate (not a login by itself).
std::string acr_for(LoginMethod method, const AcrMapping& mapping);

// PSC `authMode` of a method: the e-CPS app and a passkey are MOBILE (a key held by the
// professional's device), the CPS card and its calculator (OCRA, computed by the card in a pocket
// reader) are CARD, a workstation certificate is CERTIFICATE.
AuthMode auth_mode_of(LoginMethod method);

// RFC 8176 values: password ["pwd"]; CPS card with PIN ["hwk", "sc", "pin", "mfa"]; phone app
// (device key + PIN on the device) ["swk", "pin", "mfa"]; passkey with user verification ["hwk",
// "user", "mfa"]; OCRA (card + PIN in the calculator) ["otp", "sc", "pin", "mfa"]; workstation
// certificate ["swk"] (proof of possession of a software-held key).
std::vector<std::string> amr_for(LoginMethod method);

// `Palier_Authentification` (PSC flat attribute copied into DMP access headers, code system
// 1.2.250.1.213.1.5.1.1.1): APPPRIP1/2/3 for eidas1/2/3. It must follow how the professional really
// authenticated: a DMP grants access by this level, so anything unknown gets the lowest palier.
// Returned as "<code>^<code system>".
std::string palier_authentification(std::string_view acr);

// eidas1 -> 1, eidas2 -> 2, eidas3 -> 3, anything else -> 0 (unknown, satisfies nothing).
int acr_level(std::string_view acr);
// `auth_level` claim: the eIDAS level of the session's acr as a number.
int auth_level(const AuthContext& auth);

// The level the methods reach together: the best single method, or password + workstation
// certificate; 0 when they log nobody in.
int level_of(const std::vector<LoginMethod>& methods, const AcrMapping& mapping);

// A session's authentication after `methods` were proven at `auth_time`: acr of the level reached,
// amr the union of every method's values, authMode that of the method (or combination) giving the
// level, and the methods themselves.
AuthContext make_auth_context(const std::vector<LoginMethod>& methods, UnixTime auth_time, const AcrMapping& mapping);
// Step-up: `current` plus one more method proven at `now` (auth_time moves to now, OIDC Core §2:
// the time of the latest authentication). Methods not understood in `current` are dropped.
AuthContext add_method(const AuthContext& current, LoginMethod method, UnixTime now, const AcrMapping& mapping);
std::vector<LoginMethod> methods_of(const AuthContext& auth);
// The session's method names joined by '+' ("password+ocra"), as the login history records them;
// the authMode for a context that kept no methods.
std::string joined_method_names(const AuthContext& auth);

// The methods among `available` that, added to `already` (empty for a first login), reach
// `required` (1..3; 0 = any login). The login page offers only these.
std::vector<LoginMethod> methods_reaching(int required, const std::vector<LoginMethod>& already,
                                          const std::vector<LoginMethod>& available, const AcrMapping& mapping);

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
