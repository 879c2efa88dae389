#include "domain/claims_request.hpp"

namespace esc::domain {

namespace {

using Json = nlohmann::json;

// Returns an error description, or "" when the entry is well formed.
std::string parse_entry(const std::string& name, const Json& entry, ClaimRequest& out) {
    if (entry.is_null()) return {};
    if (!entry.is_object()) return "claims: entry '" + name + "' must be null or an object";
    if (auto it = entry.find("essential"); it != entry.end()) {
        if (!it->is_boolean()) return "claims: 'essential' of '" + name + "' must be a boolean";
        out.essential = it->get<bool>();
    }
    if (auto it = entry.find("value"); it != entry.end()) out.value = *it;
    if (auto it = entry.find("values"); it != entry.end()) {
        if (!it->is_array()) return "claims: 'values' of '" + name + "' must be an array";
        out.values.assign(it->begin(), it->end());
    }
    if (name == "acr") {
        if (out.value && !out.value->is_string()) return "claims: acr value must be a string";
        for (const auto& v : out.values)
            if (!v.is_string()) return "claims: acr values must be strings";
    }
    return {};
}

std::string parse_member(const Json& root, const char* member, ClaimRequests& out) {
    auto it = root.find(member);
    if (it == root.end() || it->is_null()) return {};
    if (!it->is_object()) return std::string("claims: '") + member + "' must be an object";
    for (const auto& [name, entry] : it->items()) {
        ClaimRequest request;
        if (auto error = parse_entry(name, entry, request); !error.empty()) return error;
        out.emplace(name, std::move(request));
    }
    return {};
}

std::vector<std::string> names_of(const ClaimRequests& requests) {
    std::vector<std::string> out;
    out.reserve(requests.size());
    for (const auto& [name, request] : requests)
        out.push_back(name);
    return out;
}

} // namespace

std::vector<std::string> ClaimsRequest::userinfo_names() const {
    return names_of(userinfo);
}

std::vector<std::string> ClaimsRequest::id_token_names() const {
    return names_of(id_token);
}

std::vector<std::string> ClaimsRequest::id_token_string_values(const std::string& claim) const {
    std::vector<std::string> out;
    auto it = id_token.find(claim);
    if (it == id_token.end()) return out;
    if (it->second.value && it->second.value->is_string()) out.push_back(it->second.value->get<std::string>());
    for (const auto& v : it->second.values)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

bool ClaimsRequest::id_token_essential(const std::string& claim) const {
    auto it = id_token.find(claim);
    return it != id_token.end() && it->second.essential;
}

std::variant<ClaimsRequest, OAuthError> parse_claims_request(std::string_view text) {
    ClaimsRequest out;
    if (text.empty()) return out;
    if (text.size() > kMaxClaimsRequestBytes) return oauth_errors::invalid_request("claims parameter too large");
    Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return oauth_errors::invalid_request("claims parameter is not valid JSON");
    if (!root.is_object()) return oauth_errors::invalid_request("claims parameter must be a JSON object");
    for (const char* member : {"userinfo", "id_token"}) {
        auto& target = std::string_view(member) == "userinfo" ? out.userinfo : out.id_token;
        if (auto error = parse_member(root, member, target); !error.empty())
            return oauth_errors::invalid_request(error);
    }
    return out;
}

} // namespace esc::domain
