#pragma once
#include "endpoints/deps_fwd.hpp"
#include "http/message.hpp"

// The device API of the phone authenticator (authenticator/README.md has the protocol): enrolment
// by activation code, then calls signed by the device key (`Authorization: Device <jws>`).
namespace esc::device {
// POST P/device/enroll {code, public_key (EC P-256 JWK), name} → 201 {device_id, login, display_name}.
http::Response handle_enroll(http::Request& request, const Deps& deps);
// GET P/device/requests → the pending requests of the device's account.
http::Response handle_requests(http::Request& request, const Deps& deps);
// POST P/device/requests/decision: the signed decision (request_id, decision, challenge).
http::Response handle_decision(http::Request& request, const Deps& deps);
} // namespace esc::device
