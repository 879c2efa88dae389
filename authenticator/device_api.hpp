#pragma once
// The idp's device endpoints (README.md § Protocol), as calls that return values or throw a
// Failure: server_refused for an error answer, unexpected_response for an answer we cannot read,
// network_error when there is no answer.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "device_key.hpp"
#include "http_client.hpp"

namespace esc::authenticator {

// The idp's answer to an enrolment.
struct Enrolment {
    std::string device_id;
    std::string login;
    std::string display_name;
};

// A login waiting for the device's decision, as GET P/device/requests lists it.
struct PendingRequest {
    std::string id;
    std::string service;      // the service the professional is logging in to
    std::string binding_code; // shown on the login page: the person checks both screens agree
    std::string challenge;    // echoed, signed, in the decision
    std::string acr;
    long long created_at = 0; // unix seconds
    long long expires_at = 0;
};

enum class Decision { approve, deny };

// The key and id that authenticate every call after enrolment.
struct DeviceCredentials {
    const DeviceKey& key;
    std::string device_id;
};

class DeviceApi {
public:
    // `issuer`: P, already normalised (issuer_url.hpp).
    DeviceApi(const HttpClient& http, std::string issuer) : http_(http), issuer_(std::move(issuer)) {}

    // POST P/device/enroll: unauthenticated, the activation code is the proof.
    Enrolment enroll(const std::string& code, const nlohmann::json& public_jwk, const std::string& name) const;
    // GET P/device/requests: the pending requests of the device's account, oldest first.
    std::vector<PendingRequest> pending(const DeviceCredentials& device) const;
    // POST P/device/requests/decision, the decision carried by the signed device JWT.
    void decide(const DeviceCredentials& device, const PendingRequest& request, Decision decision) const;

private:
    const HttpClient& http_;
    std::string issuer_;
};

} // namespace esc::authenticator
