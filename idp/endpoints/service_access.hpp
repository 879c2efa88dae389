#pragma once
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/account.hpp"
#include "domain/client.hpp"
#include "endpoints/deps_fwd.hpp"

// What the directory (or the registration profile) says of an account that access decisions need:
// shared by the authorization endpoint, the portal and the console.
namespace esc::endpoints {

struct PractitionerPlace {
    std::string postal_code;
    std::string town;
};

struct Practitioner {
    std::string name;       // "Claire MOREAU", else the login
    std::string profession; // French label of the first profession, "" when unknown
    domain::PractitionerCodes codes;
    std::vector<PractitionerPlace> places; // distinct postal codes, in the directory's order
    std::vector<std::string> postal_codes() const;
    std::string places_text() const; // "44000 Nantes, 44100 Nantes"
};

Practitioner practitioner_of(const Deps& deps, const domain::Account& account);

// May this account use this service now? The store is read only for a service on approval, the
// directory only for a restricted one: an open service costs nothing.
domain::ServiceAccess access_to(const Deps& deps, const domain::Account& account, const domain::Client& client);

} // namespace esc::endpoints
