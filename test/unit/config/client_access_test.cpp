// A service's access policy and referents in its client declaration (issue 9).
#include "config_fixture.hpp"

using namespace esc::config;
using namespace esc::config::test;

namespace {
LoadResult with(const TempDir& dir, const std::string& extra) {
    return load(dir, kMinimal + kClient + extra + "\n");
}
} // namespace

TEST_CASE("access: open by default, approval with referents by department and postal prefix", "[unit][config]") {
    TempDir dir;
    auto open = with(dir, "");
    REQUIRE(open.ok());
    CHECK_FALSE(open.config.clients[0].requires_approval);
    CHECK(open.config.clients[0].referents.empty());

    auto approval = with(dir, "access = \"approval\"\ndescription = \"Le dossier partagé\"\n"
                              "[[clients.dcc.referents]]\nlogin = \"coordo-nantes\"\ndepartments = [\"44\", \"2A\"]\n"
                              "postal_prefixes = [\"531\"]\n"
                              "[[clients.dcc.referents]]\nlogin = \"admin\"\ndefault = true\n");
    REQUIRE(approval.ok());
    const auto& c = approval.config.clients[0];
    CHECK(c.requires_approval);
    CHECK(c.description == "Le dossier partagé");
    REQUIRE(c.referents.size() == 2);
    CHECK(c.referents[0].client_id == "dcc");
    CHECK(c.referents[0].from_file);
    CHECK(c.referents[0].territory.departments == std::vector<std::string>{"44", "2A"});
    CHECK(c.referents[0].territory.postal_prefixes == std::vector<std::string>{"44", "200", "201", "531"});
    CHECK(c.referents[1].is_default);

    auto restricted = with(dir, "access = \"restricted\"\nprofessions = [\"60\"]\nspecialties = [\"SM54\"]\n");
    REQUIRE(restricted.ok());
    CHECK(restricted.config.clients[0].eligibility.professions == std::vector<std::string>{"60"});
    CHECK_FALSE(restricted.config.clients[0].requires_approval);
}

TEST_CASE("access: every mistake is named with what to write instead", "[unit][config]") {
    TempDir dir;
    CHECK(has_error(with(dir, "access = \"closed\""), "clients.dcc.access", "\"approval\""));
    CHECK(has_error(with(dir, "access = \"restricted\""), "clients.dcc.access", "needs professions"));
    CHECK(has_error(with(dir, "professions = [\"60\"]"), "clients.dcc.access", "set access = \"restricted\""));
    CHECK(has_error(with(dir, "[[clients.dcc.referents]]\nlogin = \"x\"\ndefault = true\n"), "clients.dcc.referents",
                    "only for access = \"approval\""));
    const std::string approval = "access = \"approval\"\n";
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\nlogin = \"x\"\ndepartments = [\"100\"]\n"),
                    "clients.dcc.referents[0].departments", "not a French department"));
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\nlogin = \"x\"\npostal_prefixes = [\"4A\"]\n"),
                    "clients.dcc.referents[0].postal_prefixes", "1 to 5 digits"));
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\nlogin = \"x\"\n"), "clients.dcc.referents[0]",
                    "needs departments"));
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\ndepartments = [\"44\"]\n"),
                    "clients.dcc.referents[0].login", "login is required"));
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\nlogin = \"x\"\ndepartments = [\"44\"]\n"
                                         "[[clients.dcc.referents]]\nlogin = \"x\"\ndepartments = [\"85\"]\n"),
                    "clients.dcc.referents[1]", "listed twice"));
    CHECK(has_error(with(dir, approval + "[[clients.dcc.referents]]\nlogin = \"x\"\ndepartment = [\"44\"]\n"),
                    "clients.dcc.referents[0]", "department"));
    CHECK(has_error(with(dir, approval + "referents = \"x\"\n"), "clients.dcc.referents", "an array"));
}
