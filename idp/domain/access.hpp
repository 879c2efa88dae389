#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

// Access of an account to a service (a relying party of the catalogue): the professional asks, a
// referent in charge of their territory accepts or refuses, and the authorization server enforces
// the outcome. "Never requested" is the absence of a record.
namespace esc::domain {

enum class AccessState { to_process, accepted, refused };
std::string_view name_of(AccessState state);
std::optional<AccessState> access_state_from_name(std::string_view name);

struct AccessRequest {
    std::int64_t account_id = 0;
    std::string client_id;
    AccessState state = AccessState::to_process;
    UnixTime requested_at = 0;
    UnixTime decided_at = 0; // 0 while to process
    std::string decided_by;
    std::string reason;
    // Where the professional practised when they asked (postal codes of their places of practice):
    // what decides which referents see the request.
    std::vector<std::string> postal_codes;
    // No territorial referent covered any of those places: the service's default referents got it.
    bool uncovered = false;
};

// One change of an access, kept for ever (the record's history).
struct AccessEvent {
    std::int64_t account_id = 0;
    std::string client_id;
    std::optional<AccessState> from; // nullopt: never requested
    AccessState to = AccessState::to_process;
    UnixTime at = 0;
    std::string by; // login of who acted
    std::string reason;
};

// What a professional's request does to the current state: a first request or one after a refusal
// goes to "to process"; nullopt when there is nothing to ask (already waiting or accepted).
std::optional<AccessState> state_after_request(std::optional<AccessState> current);

// The referents' transitions: a waiting request is accepted or refused, an accepted access can be
// revoked (refused), a refused one reconsidered (accepted). Nothing else.
bool may_decide(AccessState current, AccessState target);

// How a service admits professionals (the catalogue's access policy).
enum class AccessPolicy {
    open,     // any professional with an account
    approval, // once a referent accepted their request
};

// Who may use the service at all: professions (codeProfession) and specialties (codeSavoirFaire);
// empty lists admit everyone. A service restricted to listed professions is "open" to them.
struct Eligibility {
    std::vector<std::string> professions;
    std::vector<std::string> specialties;
    bool restricts() const { return !professions.empty() || !specialties.empty(); }
};

// The professional's codes, as the directory (or the registration profile) gives them.
struct PractitionerCodes {
    std::vector<std::string> professions;
    std::vector<std::string> specialties;
};

bool eligible(const Eligibility& rule, const PractitionerCodes& who);

// The verdict the authorization endpoint and the portal share.
enum class ServiceAccess { allowed, not_requested, pending, refused, not_eligible };
ServiceAccess service_access(AccessPolicy policy, const Eligibility& rule, const PractitionerCodes& who,
                             std::optional<AccessState> state);

} // namespace esc::domain
