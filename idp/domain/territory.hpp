#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.hpp"

// Referents and their territories: who is in charge of which professionals' requests for a
// service. A territory is a set of postal-code prefixes; a department is the prefixes of its
// postal codes (Corsica's 2A and 2B share the 20 range, overseas departments have three digits).
namespace esc::domain {

// "44" → {"44"}; "2A" → {"200", "201"}; "2B" → {"202", "206"}; "971" → {"971"}; nullopt when
// the text is not a French department code.
std::optional<std::vector<std::string>> department_prefixes(std::string_view department);

// A postal-code prefix as an administrator types it: 1 to 5 digits.
bool valid_postal_prefix(std::string_view prefix);

struct Territory {
    std::vector<std::string> departments;     // as configured, for display
    std::vector<std::string> postal_prefixes; // every prefix, departments' included
    bool empty() const { return postal_prefixes.empty(); }
};

bool covers(const Territory& territory, std::string_view postal_code);

// One referent's charge: a service, a territory, and whether they receive what no territory covers.
struct Referent {
    std::string login;
    std::string client_id;
    Territory territory;
    bool is_default = false;
    bool from_file = false; // declared in conf/clients/ (the file wins; the console cannot remove it)
};

// Who receives a new request: the referents whose territory covers one of the places of practice,
// else the service's default referents (and the request is flagged).
struct Routing {
    std::vector<std::string> logins;
    bool uncovered = false;
};
Routing route_request(const std::vector<Referent>& referents, const std::string& client_id,
                      const std::vector<std::string>& postal_codes);

// A referent sees (and decides) a request of their service whose places their territory covers,
// or one nobody covered when they are a default referent. Nobody else's.
bool in_charge(const Referent& referent, const AccessRequest& request);
bool in_charge(const std::vector<Referent>& charges, const AccessRequest& request);

} // namespace esc::domain
