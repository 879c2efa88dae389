#include "device/device_api.hpp"

#include <variant>

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"
#include "crypto/jws.hpp"
#include "domain/acr.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"

namespace esc::device {

namespace {

using Json = nlohmann::json;

http::Response problem(int status, const std::string& error, const std::string& description) {
    return endpoints::json_no_store(status, Json{{"error", error}, {"error_description", description}});
}

// The device's key as a one-key JWKS the JWS verifier understands; nullopt unless EC P-256.
std::optional<Json> normalized_jwk(const Json& jwk, const std::string& kid) {
    if (!jwk.is_object() || jwk.value("kty", "") != "EC" || jwk.value("crv", "") != "P-256" || !jwk.contains("x") ||
        !jwk.contains("y") || !jwk["x"].is_string() || !jwk["y"].is_string())
        return std::nullopt;
    Json out{{"kty", "EC"},  {"crv", "P-256"}, {"x", jwk["x"]}, {"y", jwk["y"]},
             {"use", "sig"}, {"alg", "ES256"}, {"kid", kid}};
    if (crypto::public_keys_from_jwks(Json{{"keys", {out}}}.dump()).size() != 1) return std::nullopt;
    return out;
}

struct DeviceCall {
    domain::AuthDevice device;
    Json payload;
};

// `Authorization: Device <jws>`: signed by an enrolled device key, fresh (iat ± 60 s), used once
// (jti), for this method and URL (htm, htu) — a captured token cannot be replayed elsewhere.
std::variant<DeviceCall, http::Response> authenticate(const Deps& deps, const http::Request& request,
                                                      const std::string& url) {
    auto refuse = [](const std::string& why) { return problem(401, "invalid_device_token", why); };
    auto header = std::string(request.header("Authorization"));
    if (header.rfind("Device ", 0) != 0) return refuse("Authorization: Device <jws> is required");
    std::optional<domain::AuthDevice> device;
    auto lookup = [&](const std::string& kid, crypto::Alg) -> std::vector<std::shared_ptr<crypto::PublicKey>> {
        device = deps.store.devices().find_device(kid);
        if (!device || device->revoked_at != 0) return {};
        return crypto::public_keys_from_jwks(Json{{"keys", {Json::parse(device->public_jwk)}}}.dump());
    };
    auto verified = crypto::verify_jws(std::string_view(header).substr(7), lookup, {crypto::Alg::ES256});
    if (!verified || !device)
        return refuse(std::string("the device token does not verify: ") +
                      (device ? crypto::jws_error_text(verified.error) : "unknown device"));
    auto head = Json::parse(verified.value->header_json, nullptr, false);
    auto payload = Json::parse(verified.value->payload_json, nullptr, false);
    if (!head.is_object() || head.value("typ", "") != "device+jwt") return refuse("typ must be device+jwt");
    if (!payload.is_object() || !payload["iat"].is_number_integer() || !payload["jti"].is_string())
        return refuse("iat and jti are required");
    const auto now = deps.clock.now();
    const auto iat = payload["iat"].get<std::int64_t>();
    if (iat < now - 60 || iat > now + 60) return refuse("iat is not within 60 seconds of the server's time");
    if (payload.value("htm", "") != request.method || payload.value("htu", "") != url)
        return refuse("htm and htu must name this request");
    auto jti = payload["jti"].get<std::string>();
    if (jti.empty() || jti.size() > 128 ||
        !deps.store.replay().remember_once("device:" + device->id + ":" + jti, now + 120))
        return refuse("this device token was already used");
    deps.store.devices().touch_device(device->id, now);
    return DeviceCall{*device, std::move(payload)};
}

Json request_json(const Deps& deps, const domain::MobileRequest& r) {
    return Json{{"id", r.id},
                {"service", r.service},
                {"binding_code", r.binding_code},
                {"challenge", r.challenge},
                {"created_at", r.created_at},
                {"expires_at", r.expires_at},
                {"acr", domain::acr_for(domain::LoginMethod::mobile, deps.acr)}};
}

// A CIBA approval becomes a one-time grant the relying party redeems at the token endpoint, stored
// as an authorization code named by the auth_req_id's hash (same single redemption, same replay rule).
void grant_ciba(const Deps& deps, const domain::MobileRequest& r, domain::UnixTime now) {
    domain::AuthCode code;
    code.code_hash = r.auth_req_id_hash;
    code.client_id = r.client_id;
    code.account_id = r.account_id;
    code.scope = r.scope;
    code.auth = domain::make_auth_context({domain::LoginMethod::mobile}, now, deps.acr);
    code.expires_at = r.expires_at;
    deps.store.codes().save(code);
}

} // namespace

http::Response handle_enroll(http::Request& request, const Deps& deps) {
    auto body = Json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body["code"].is_string() || !body.contains("public_key"))
        return problem(400, "invalid_request", "a JSON object with code and public_key is required");
    const std::string id = crypto::random_token(16);
    auto jwk = normalized_jwk(body["public_key"], id);
    if (!jwk) return problem(400, "invalid_key", "public_key must be an EC P-256 JWK");
    std::string name = body.value("name", "");
    if (!body["name"].is_null() && !body["name"].is_string()) name.clear();
    if (name.empty()) name = "Téléphone";
    if (name.size() > 64) return problem(400, "invalid_request", "name is at most 64 bytes");
    domain::AuthDevice device;
    device.id = id;
    device.name = name;
    device.public_jwk = jwk->dump();
    auto code = body["code"].get<std::string>();
    auto enrolled = code.empty() || code.size() > 64
                        ? std::nullopt
                        : deps.store.devices().enroll(crypto::sha256_b64url(code), device, deps.clock.now());
    if (!enrolled) return problem(400, "invalid_code", "the activation code is unknown, used or expired");
    auto account = deps.store.accounts().find_by_id(enrolled->account_id);
    auto profile = deps.store.accounts().profile(enrolled->account_id);
    std::string display = profile ? profile->given_name + " " + profile->family_name : "";
    return endpoints::json_no_store(
        201, Json{{"device_id", enrolled->id}, {"login", account ? account->login : ""}, {"display_name", display}});
}

http::Response handle_requests(http::Request& request, const Deps& deps) {
    auto call = authenticate(deps, request, deps.endpoints.device_requests);
    if (auto* refused = std::get_if<http::Response>(&call)) return *refused;
    const auto& device = std::get<DeviceCall>(call).device;
    Json list = Json::array();
    for (const auto& r : deps.store.devices().pending_for(device.account_id, deps.clock.now()))
        list.push_back(request_json(deps, r));
    return endpoints::json_no_store(200, Json{{"requests", list}});
}

http::Response handle_decision(http::Request& request, const Deps& deps) {
    auto call = authenticate(deps, request, deps.endpoints.device_decision);
    if (auto* refused = std::get_if<http::Response>(&call)) return *refused;
    const auto& [device, payload] = std::get<DeviceCall>(call);
    auto decision = payload.value("decision", "");
    if (decision != "approve" && decision != "deny")
        return problem(400, "invalid_request", "decision must be approve or deny");
    const auto now = deps.clock.now();
    auto r = deps.store.devices().find_request(payload.value("request_id", ""));
    // Another account's request is as unknown as a missing one.
    if (!r || r->account_id != device.account_id || r->expires_at < now)
        return problem(404, "not_found", "no such pending request");
    if (r->state != domain::MobileState::pending) return problem(409, "already_decided", "the request was decided");
    if (!crypto::constant_time_equals(payload.value("challenge", ""), r->challenge))
        return problem(400, "invalid_request", "the challenge does not match the request");
    auto state = decision == "approve" ? domain::MobileState::approved : domain::MobileState::denied;
    if (!deps.store.devices().decide(r->id, state, device.id, now))
        return problem(409, "already_decided", "the request was decided");
    if (state == domain::MobileState::approved && r->kind == domain::MobileKind::ciba) grant_ciba(deps, *r, now);
    return endpoints::json_no_store(200, Json{{"state", std::string(domain::name_of(state))}});
}

} // namespace esc::device
