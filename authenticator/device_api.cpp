#include "device_api.hpp"

#include "device_jwt.hpp"
#include "failure.hpp"
#include "issuer_url.hpp"
#include "printable.hpp"

namespace esc::authenticator {
namespace {

using nlohmann::json;

constexpr std::string_view kEnrollPath = "/device/enroll";
constexpr std::string_view kRequestsPath = "/device/requests";
constexpr std::string_view kDecisionPath = "/device/requests/decision";

std::string string_member(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long integer_member(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

// An error answer: the idp's {"error","error_description"} when it sent one (OAuth style,
// RFC 6749 §5.2), else only the status (a proxy's HTML page says nothing we should print).
[[noreturn]] void refused(const HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    const bool described = body.is_object();
    throw server_refused(response.status, described ? printable(string_member(body, "error")) : "",
                         described ? printable(string_member(body, "error_description")) : "");
}

// The JSON object of a successful answer. Any 2xx will do (enrolment answers 201, the others
// 200): the body, not the exact status, tells whether the call did what we asked.
json success_body(const HttpResponse& response) {
    if (response.status < 200 || response.status >= 300) refused(response);
    json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) throw unexpected_response("le corps n'est pas un objet JSON");
    return body;
}

std::string authorization(const DeviceCredentials& device, const DeviceJwtClaims& claims) {
    return "Authorization: Device " + make_device_jwt(device.key, device.device_id, claims);
}

PendingRequest pending_request_of(const json& item) {
    if (!item.is_object()) throw unexpected_response("une demande n'est pas un objet JSON");
    PendingRequest r{string_member(item, "id"),           string_member(item, "service"),
                     string_member(item, "binding_code"), string_member(item, "challenge"),
                     string_member(item, "acr"),          integer_member(item, "created_at"),
                     integer_member(item, "expires_at")};
    // Without these two a decision cannot be signed; the other members are for display.
    if (r.id.empty() || r.challenge.empty()) throw unexpected_response("une demande n'a pas d'id ou de challenge");
    return r;
}

} // namespace

Enrolment DeviceApi::enroll(const std::string& code, const json& public_jwk, const std::string& name) const {
    const json body = {{"code", code}, {"public_key", public_jwk}, {"name", name}};
    const HttpResponse response = http_.send({"POST",
                                              endpoint_url(issuer_, kEnrollPath),
                                              {"Content-Type: application/json", "Accept: application/json"},
                                              body.dump()});
    const json answer = success_body(response);
    Enrolment enrolment{string_member(answer, "device_id"), string_member(answer, "login"),
                        string_member(answer, "display_name")};
    if (enrolment.device_id.empty() || enrolment.login.empty())
        throw unexpected_response("device_id ou login absent de la réponse d'activation");
    return enrolment;
}

std::vector<PendingRequest> DeviceApi::pending(const DeviceCredentials& device) const {
    const std::string url = endpoint_url(issuer_, kRequestsPath);
    const HttpResponse response =
        http_.send({"GET", url, {authorization(device, {"GET", url}), "Accept: application/json"}, ""});
    const json answer = success_body(response);
    auto list = answer.find("requests");
    if (list == answer.end() || !list->is_array()) throw unexpected_response("liste « requests » absente");
    std::vector<PendingRequest> requests;
    for (const auto& item : *list)
        requests.push_back(pending_request_of(item));
    return requests;
}

void DeviceApi::decide(const DeviceCredentials& device, const PendingRequest& request, Decision decision) const {
    const std::string url = endpoint_url(issuer_, kDecisionPath);
    const bool approve = decision == Decision::approve;
    const json claims = {
        {"request_id", request.id}, {"decision", approve ? "approve" : "deny"}, {"challenge", request.challenge}};
    // The body stays empty: what is decided is in the signed JWT, so nothing unsigned can alter it.
    // No Content-Type either (libcurl would otherwise claim a form).
    const HttpResponse response = http_.send(
        {"POST", url, {authorization(device, {"POST", url, claims}), "Accept: application/json", "Content-Type:"}, ""});
    const json answer = success_body(response);
    const std::string expected = approve ? "approved" : "denied";
    if (string_member(answer, "state") != expected)
        throw unexpected_response("état « " + printable(string_member(answer, "state")) + " » au lieu de « " +
                                  expected + " »");
}

} // namespace esc::authenticator
