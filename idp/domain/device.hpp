#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// The phone authenticator (e-CPS style): a device key enrolled for an account, and the requests it
// approves or denies, whether they come from the login page or from a relying party's CIBA call.
namespace esc::domain {

struct AuthDevice {
    std::string id; // public, the `kid` of the device's tokens
    std::int64_t account_id = 0;
    std::string name;
    std::string public_jwk; // EC P-256, as the device sent it (checked at enrolment)
    UnixTime created_at = 0;
    UnixTime last_used_at = 0;
    UnixTime revoked_at = 0; // 0 = in use
};

enum class MobileState { pending, approved, denied };
std::string_view name_of(MobileState state);
MobileState mobile_state_from(std::string_view name); // unknown → denied: never approves by mistake

enum class MobileKind { login, ciba };

// One request to the professional's devices. `id` is what the device sees; a CIBA request is also
// named by the hash of its auth_req_id (the relying party's handle, never shown to the device).
struct MobileRequest {
    std::string id;
    MobileKind kind = MobileKind::login;
    std::int64_t account_id = 0;
    std::string client_id;
    std::string service;          // what the device shows: the service's name (and a CIBA binding message)
    std::string binding_code;     // also shown by the login page or the relying party, to match them
    std::string challenge;        // signed back by the device with its decision
    std::string interaction_id;   // login: the interaction waiting for it
    std::string auth_req_id_hash; // ciba
    std::string scope;            // ciba: the scopes to grant
    MobileState state = MobileState::pending;
    std::string device_id; // the device that decided
    UnixTime created_at = 0;
    UnixTime expires_at = 0;
    UnixTime decided_at = 0;
    UnixTime polled_at = 0; // ciba: the client's last poll (slow_down)
    int interval = 5;       // ciba: seconds the client must wait between polls
};

} // namespace esc::domain
