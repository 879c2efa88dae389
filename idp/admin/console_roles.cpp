#include "admin/console_roles.hpp"

#include <algorithm>

#include "domain/acr.hpp"
#include "endpoints/deps.hpp"

namespace esc::admin {

namespace {
bool listed(const std::vector<std::string>& logins, const std::string& login) {
    return std::find(logins.begin(), logins.end(), login) != logins.end();
}
} // namespace

bool ConsoleRole::may_see(const domain::AccessRequest& request) const {
    return sees_everything() || domain::in_charge(charges, request);
}

bool ConsoleRole::may_decide(const domain::AccessRequest& request) const {
    if (request.account_id == account_id) return false;
    return administrator || domain::in_charge(charges, request);
}

ConsoleRole console_role(const Deps& deps, const domain::Account& account) {
    const auto& login = account.login;
    ConsoleRole role;
    role.account_id = account.id;
    role.administrator = listed(deps.config.console.administrators, login);
    role.helpdesk = listed(deps.config.console.helpdesk, login);
    role.charges = deps.store.access().charges_of(login);
    return role;
}

std::vector<std::string> services_of(const Deps& deps, const ConsoleRole& role) {
    std::vector<std::string> out;
    for (const auto& id : deps.clients.ids()) {
        if (!deps.clients.find(id)->client.requires_approval) continue;
        const bool charged = std::any_of(role.charges.begin(), role.charges.end(),
                                         [&](const domain::Referent& r) { return r.client_id == id; });
        if (role.sees_everything() || charged) out.push_back(id);
    }
    return out;
}

int console_level(const Deps& deps, const ConsoleRole& role) {
    if (!deps.config.console.min_acr.empty()) return domain::acr_level(deps.config.console.min_acr);
    int level = domain::acr_level("eidas1");
    for (const auto& id : deps.clients.ids()) {
        const auto& c = deps.clients.find(id)->client;
        const bool charged = std::any_of(role.charges.begin(), role.charges.end(),
                                         [&](const domain::Referent& r) { return r.client_id == id; });
        if (role.sees_everything() || charged) level = std::max(level, domain::acr_level(c.min_acr));
    }
    return level;
}

} // namespace esc::admin
