#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// Workstation certificates: a TLS client certificate from the idp's own CA, installed on one
// computer. A personal one names its holder (it pre-fills the login, and with the password makes
// eidas2); a collective one names a shared workstation, never a person. Life: requested (from
// « Mon compte », or by an administrator for a collective one) → approved by an administrator (a
// withdrawal link and code go out in two mails) → issued once, on the withdrawal page → revoked.
// Or requested → refused.
namespace esc::domain {

enum class CertificateKind { personal, collective };
enum class CertificateState { requested, approved, issued, refused, revoked };

std::string_view kind_name(CertificateKind kind);
std::string_view state_name(CertificateState state);
std::optional<CertificateKind> parse_kind(std::string_view name);
std::optional<CertificateState> parse_certificate_state(std::string_view name);
// « en attente d'approbation », « approuvé, à retirer », « installé », « refusé », « révoqué ».
std::string_view state_label(CertificateState state);

struct WorkstationCertificate {
    std::string id; // random, in URLs of the console
    CertificateKind kind = CertificateKind::personal;
    std::int64_t account_id = 0; // personal: the holder; collective: 0
    std::string workstation;     // the computer's name
    std::string site;            // collective: where it stands (« Accueil, CH de Nantes »)
    std::string mail_to;         // where the withdrawal mails go (the holder's address, or the site's)
    CertificateState state = CertificateState::requested;
    std::string requested_by; // login of who asked
    UnixTime requested_at = 0;
    std::string decided_by; // the administrator's login
    UnixTime decided_at = 0;
    std::string reason; // a refusal's reason, shown to the professional
    std::string withdrawal_token_hash;
    std::string withdrawal_code_hash;
    UnixTime withdrawal_expires_at = 0;
    std::string serial; // upper-case hex, once issued
    UnixTime issued_at = 0;
    UnixTime not_after = 0;
    UnixTime revoked_at = 0;
};

// The audit log's before/after value of `c` in `state`: {"state", "kind", "workstation"} as JSON.
std::string audit_state(const WorkstationCertificate& c, CertificateState state);

// A usable certificate at `now`: issued, not revoked, within its validity.
bool in_force(const WorkstationCertificate& c, UnixTime now);

// Why a workstation name is refused ("" = acceptable): 1 to 63 characters, letters, digits,
// spaces, '-', '_' and '.', as computers are named on a network.
std::string workstation_name_problem(std::string_view name);

} // namespace esc::domain
