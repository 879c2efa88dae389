// The access workflow's pure rules: which transitions exist, who may use a service, which
// referents a request goes to and who may see it.
#include <catch2/catch.hpp>

#include "domain/territory.hpp"

using namespace esc::domain;

TEST_CASE("a request starts or renews only from nothing or a refusal", "[unit][domain][access]") {
    CHECK(state_after_request(std::nullopt) == AccessState::to_process);
    CHECK(state_after_request(AccessState::refused) == AccessState::to_process);
    CHECK_FALSE(state_after_request(AccessState::to_process));
    CHECK_FALSE(state_after_request(AccessState::accepted));
}

TEST_CASE("referents accept or refuse a waiting request, revoke an accepted one, reconsider a refusal",
          "[unit][domain][access]") {
    CHECK(may_decide(AccessState::to_process, AccessState::accepted));
    CHECK(may_decide(AccessState::to_process, AccessState::refused));
    CHECK(may_decide(AccessState::accepted, AccessState::refused));
    CHECK(may_decide(AccessState::refused, AccessState::accepted));
    CHECK_FALSE(may_decide(AccessState::accepted, AccessState::accepted));
    CHECK_FALSE(may_decide(AccessState::accepted, AccessState::to_process));
    CHECK_FALSE(may_decide(AccessState::refused, AccessState::to_process));
    CHECK_FALSE(may_decide(AccessState::to_process, AccessState::to_process));
}

TEST_CASE("the service access verdict", "[unit][domain][access]") {
    const PractitionerCodes medecin{{"10"}, {"SM54"}};
    const PractitionerCodes infirmier{{"60"}, {}};
    const Eligibility anyone;
    const Eligibility oncologists{{}, {"SM54"}};
    const Eligibility nurses{{"60"}, {}};
    CHECK(service_access(AccessPolicy::open, anyone, infirmier, std::nullopt) == ServiceAccess::allowed);
    CHECK(service_access(AccessPolicy::open, oncologists, medecin, std::nullopt) == ServiceAccess::allowed);
    CHECK(service_access(AccessPolicy::open, oncologists, infirmier, std::nullopt) == ServiceAccess::not_eligible);
    CHECK(service_access(AccessPolicy::open, nurses, infirmier, std::nullopt) == ServiceAccess::allowed);
    CHECK(service_access(AccessPolicy::approval, anyone, medecin, std::nullopt) == ServiceAccess::not_requested);
    CHECK(service_access(AccessPolicy::approval, anyone, medecin, AccessState::to_process) == ServiceAccess::pending);
    CHECK(service_access(AccessPolicy::approval, anyone, medecin, AccessState::accepted) == ServiceAccess::allowed);
    CHECK(service_access(AccessPolicy::approval, anyone, medecin, AccessState::refused) == ServiceAccess::refused);
    // Eligibility first: an accepted access of someone no longer eligible does not open the service.
    CHECK(service_access(AccessPolicy::approval, nurses, medecin, AccessState::accepted) ==
          ServiceAccess::not_eligible);
}

TEST_CASE("departments become postal-code prefixes", "[unit][domain][access]") {
    CHECK(department_prefixes("44") == std::vector<std::string>{"44"});
    CHECK(department_prefixes("01") == std::vector<std::string>{"01"});
    CHECK(department_prefixes("2A") == std::vector<std::string>{"200", "201"});
    CHECK(department_prefixes("2B") == std::vector<std::string>{"202", "206"});
    CHECK(department_prefixes("20") == std::vector<std::string>{"20"});
    CHECK(department_prefixes("971") == std::vector<std::string>{"971"});
    CHECK(department_prefixes("976") == std::vector<std::string>{"976"});
    for (const char* bad : {"", "4", "00", "96", "975", "977", "99", "2C", "4a", "440", " 44"})
        CHECK_FALSE(department_prefixes(bad));
    CHECK(valid_postal_prefix("44"));
    CHECK(valid_postal_prefix("44000"));
    CHECK_FALSE(valid_postal_prefix("440000"));
    CHECK_FALSE(valid_postal_prefix(""));
    CHECK_FALSE(valid_postal_prefix("4A"));
}

TEST_CASE("a territory covers the postal codes starting with one of its prefixes", "[unit][domain][access]") {
    Territory t{{"44"}, {"44", "2A"}};
    t.postal_prefixes = {"44", "200", "201", "5310"};
    CHECK(covers(t, "44000"));
    CHECK(covers(t, "20000"));
    CHECK(covers(t, "53100"));
    CHECK_FALSE(covers(t, "53200"));
    CHECK_FALSE(covers(t, "20200")); // Haute-Corse
    CHECK_FALSE(covers(t, "4400"));  // not a postal code
    CHECK_FALSE(covers(t, ""));
    CHECK_FALSE(covers(Territory{}, "44000"));
}

namespace {
Referent referent(const std::string& login, const std::string& client, std::vector<std::string> prefixes,
                  bool is_default = false) {
    Referent r;
    r.login = login;
    r.client_id = client;
    r.territory.postal_prefixes = std::move(prefixes);
    r.is_default = is_default;
    return r;
}
} // namespace

TEST_CASE("a request goes to the referents of its places, else to the default ones, flagged",
          "[unit][domain][access]") {
    const std::vector<Referent> referents{
        referent("coordo-nantes", "dcc", {"44", "85"}), referent("coordo-rennes", "dcc", {"35", "22"}),
        referent("coordo-vendee", "dcc", {"85"}),       referent("admin", "dcc", {}, true),
        referent("other-service", "opendrp", {"44"}),   referent("both", "dcc", {"44"}, true)};
    auto nantes = route_request(referents, "dcc", {"44000"});
    CHECK(nantes.logins == std::vector<std::string>{"coordo-nantes", "both"});
    CHECK_FALSE(nantes.uncovered);
    // Two places in two territories: both referents, each once.
    auto two = route_request(referents, "dcc", {"85000", "35000", "85300"});
    CHECK(two.logins == std::vector<std::string>{"coordo-nantes", "coordo-rennes", "coordo-vendee"});
    auto lille = route_request(referents, "dcc", {"59000"});
    CHECK(lille.uncovered);
    CHECK(lille.logins == std::vector<std::string>{"admin", "both"});
    auto nowhere = route_request(referents, "dcc", {});
    CHECK(nowhere.uncovered);
    auto unstaffed = route_request(referents, "messagerie", {"44000"});
    CHECK(unstaffed.uncovered);
    CHECK(unstaffed.logins.empty());
}

TEST_CASE("a referent is in charge of their service's requests in their territory, defaults of the uncovered ones",
          "[unit][domain][access]") {
    AccessRequest nantes;
    nantes.client_id = "dcc";
    nantes.postal_codes = {"44000"};
    AccessRequest lille = nantes;
    lille.postal_codes = {"59000"};
    lille.uncovered = true;
    const auto coordo = referent("coordo-nantes", "dcc", {"44"});
    const auto fallback = referent("admin", "dcc", {}, true);
    CHECK(in_charge(coordo, nantes));
    CHECK_FALSE(in_charge(coordo, lille));
    CHECK_FALSE(in_charge(fallback, nantes));
    CHECK(in_charge(fallback, lille));
    AccessRequest other_service = nantes;
    other_service.client_id = "opendrp";
    CHECK_FALSE(in_charge(coordo, other_service));
    CHECK(in_charge(std::vector<Referent>{fallback, coordo}, nantes));
    CHECK_FALSE(in_charge(std::vector<Referent>{}, nantes));
    // A request covered since (a referent added later) stays with the defaults too, flagged as it was.
    lille.postal_codes = {"44000"};
    CHECK(in_charge(coordo, lille));
    CHECK(in_charge(fallback, lille));
}
