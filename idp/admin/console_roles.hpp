#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/account.hpp"
#include "domain/territory.hpp"
#include "endpoints/deps_fwd.hpp"

// Who someone is on the console: platform administrator ([console] administrators), helpdesk
// ([console] helpdesk: reads everything, decides nothing, may resend mails), or referent of some
// services in some territories (the services' [[referents]] and those the console added).
namespace esc::admin {

struct ConsoleRole {
    std::int64_t account_id = 0; // whose role: nobody decides their own request
    bool administrator = false;
    bool helpdesk = false;
    std::vector<domain::Referent> charges;

    bool any() const { return administrator || helpdesk || !charges.empty(); }
    bool sees_everything() const { return administrator || helpdesk; }
    // The request is one this person may open: everything for administrators and helpdesk, their
    // territory's (and, as default referents, the uncovered ones) for a referent.
    bool may_see(const domain::AccessRequest& request) const;
    // Separation of duties: never one's own request, whatever the role.
    bool may_decide(const domain::AccessRequest& request) const;
};

ConsoleRole console_role(const Deps& deps, const domain::Account& account);

// The level a console session of this person must reach: [console] min_acr when set, else the
// strictest min_acr of the services they administer (at least eidas1).
int console_level(const Deps& deps, const ConsoleRole& role);

// The services on approval whose requests this person sees, in the catalogue's order.
std::vector<std::string> services_of(const Deps& deps, const ConsoleRole& role);

} // namespace esc::admin
