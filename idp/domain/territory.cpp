#include "domain/territory.hpp"

#include <algorithm>

namespace esc::domain {

namespace {
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

std::optional<std::vector<std::string>> department_prefixes(std::string_view d) {
    if (d == "2A" || d == "2a") return std::vector<std::string>{"200", "201"};
    if (d == "2B" || d == "2b") return std::vector<std::string>{"202", "206"};
    if (!all_digits(d)) return std::nullopt;
    if (d.size() == 2 && d != "00" && d != "96" && d != "97" && d != "98" && d != "99")
        return std::vector<std::string>{std::string(d)};
    // Overseas departments: Guadeloupe, Martinique, Guyane, La Réunion, Mayotte.
    if (d.size() == 3 && d >= "971" && d <= "976" && d != "975") return std::vector<std::string>{std::string(d)};
    return std::nullopt;
}

bool valid_postal_prefix(std::string_view prefix) {
    return prefix.size() <= 5 && all_digits(prefix);
}

bool covers(const Territory& territory, std::string_view postal_code) {
    if (postal_code.size() != 5) return false;
    return std::any_of(territory.postal_prefixes.begin(), territory.postal_prefixes.end(),
                       [&](const std::string& p) { return postal_code.substr(0, p.size()) == p; });
}

namespace {
bool covers_any(const Territory& territory, const std::vector<std::string>& postal_codes) {
    return std::any_of(postal_codes.begin(), postal_codes.end(),
                       [&](const std::string& code) { return covers(territory, code); });
}

void add_unique(std::vector<std::string>& logins, const std::string& login) {
    if (std::find(logins.begin(), logins.end(), login) == logins.end()) logins.push_back(login);
}
} // namespace

Routing route_request(const std::vector<Referent>& referents, const std::string& client_id,
                      const std::vector<std::string>& postal_codes) {
    Routing out;
    for (const auto& r : referents)
        if (r.client_id == client_id && covers_any(r.territory, postal_codes)) add_unique(out.logins, r.login);
    if (!out.logins.empty()) return out;
    out.uncovered = true;
    for (const auto& r : referents)
        if (r.client_id == client_id && r.is_default) add_unique(out.logins, r.login);
    return out;
}

bool in_charge(const Referent& referent, const AccessRequest& request) {
    if (referent.client_id != request.client_id) return false;
    if (covers_any(referent.territory, request.postal_codes)) return true;
    return referent.is_default && request.uncovered;
}

bool in_charge(const std::vector<Referent>& charges, const AccessRequest& request) {
    return std::any_of(charges.begin(), charges.end(), [&](const Referent& r) { return in_charge(r, request); });
}

} // namespace esc::domain
