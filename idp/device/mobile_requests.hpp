#pragma once
#include <optional>
#include <string>

#include "domain/account.hpp"
#include "domain/device.hpp"
#include "endpoints/deps_fwd.hpp"

// The requests the professional's phone approves: opened by the login page or by a relying party's
// CIBA call, decided through the device API (device/device_api.cpp).
namespace esc::device {

struct NewMobileRequest {
    domain::MobileKind kind = domain::MobileKind::login;
    std::string client_id;
    std::string service;        // shown on the device
    std::string binding_code;   // "" = four random digits
    std::string interaction_id; // login
    std::string auth_req_id;    // ciba: kept only as its hash
    std::string scope;          // ciba
    int lifetime = 0;           // seconds; 0 = [mobile] request_lifetime
};

enum class OpenOutcome { opened, no_device, too_many };

struct Opened {
    OpenOutcome outcome = OpenOutcome::opened;
    domain::MobileRequest request;
};

// Four random digits, uniform: a binding code (also the decoy a login page shows for nobody).
std::string binding_digits();

// Opens a request for `account` unless it has no device in use or has had max_requests_per_account
// requests in the last 10 minutes (a flood of prompts must not wear the professional down).
Opened open_request(const Deps& deps, const domain::Account& account, NewMobileRequest what);

} // namespace esc::device
