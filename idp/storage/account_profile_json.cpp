#include "storage/account_profile_json.hpp"

#include <nlohmann/json.hpp>

namespace esc::storage {
namespace {
// Every string field, by its stored name.
template <class Profile, class Fn> void each_field(Profile& p, Fn fn) {
    fn("civility", p.civility);
    fn("family_name", p.family_name);
    fn("given_name", p.given_name);
    fn("profession", p.profession);
    fn("establishment", p.establishment);
    fn("street", p.street);
    fn("postal_code", p.postal_code);
    fn("town", p.town);
    fn("phone", p.phone);
    fn("visibility", p.visibility);
    fn("reason", p.reason);
}
} // namespace

std::string profile_to_json(const domain::AccountProfile& profile) {
    nlohmann::json j = nlohmann::json::object();
    each_field(profile, [&](const char* name, const std::string& value) { j[name] = value; });
    j["communities"] = profile.communities;
    return j.dump();
}

std::optional<domain::AccountProfile> profile_from_json(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    domain::AccountProfile p;
    bool ok = true;
    each_field(p, [&](const char* name, std::string& value) {
        auto it = j.find(name);
        if (it == j.end()) return; // a field added later: empty
        if (!it->is_string()) {
            ok = false;
            return;
        }
        value = it->get<std::string>();
    });
    if (!ok) return std::nullopt;
    if (auto it = j.find("communities"); it != j.end()) {
        if (!it->is_array()) return std::nullopt;
        for (const auto& c : *it) {
            if (!c.is_string()) return std::nullopt;
            p.communities.push_back(c.get<std::string>());
        }
    }
    return p;
}

} // namespace esc::storage
