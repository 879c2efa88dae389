#include <catch2/catch.hpp>

#include <set>

#include "domain/login_name.hpp"

using namespace esc::domain;

TEST_CASE("names fold to lower-case ASCII login characters", "[unit][domain]") {
    CHECK(fold_name("Élodie") == "elodie");
    CHECK(fold_name("Jean-Pierre") == "jean-pierre");
    CHECK(fold_name("Le Goff") == "le-goff");
    CHECK(fold_name("D'Artagnan") == "dartagnan");
    CHECK(fold_name("d\u2019Ornano") == "dornano"); // typographic apostrophe
    CHECK(fold_name("Lætitia") == "laetitia");
    CHECK(fold_name("Œdipe") == "oedipe");
    CHECK(fold_name("Strauß") == "strauss");
    CHECK(fold_name("  Marie -  Ange ") == "marie-ange"); // separators collapse, none at the ends
    CHECK(fold_name("Łukasz Wróbel") == "lukasz-wrobel");
    CHECK(fold_name("Saint-Exupéry--Dupont") == "saint-exupery-dupont");
    CHECK(fold_name("O.") == "o");
    CHECK(fold_name("Jean\u00A0Marc") == "jean-marc"); // no-break space
    CHECK(fold_name("Þórsson") == "thorsson");
    CHECK(fold_name("李") == "");
    CHECK(fold_name("") == "");
}

TEST_CASE("each login rule derives the portals' form", "[unit][domain]") {
    CHECK(base_login(LoginRule::first_dot_last, "Jean", "Dupont") == "jean.dupont");
    CHECK(base_login(LoginRule::first_dot_last, "Jean-Pierre", "Le Goff") == "jean-pierre.le-goff");
    CHECK(base_login(LoginRule::initial_last, "Jean", "Dupont") == "jdupont");
    CHECK(base_login(LoginRule::initial_last, "Élodie", "Le Goff") == "elegoff");
    CHECK(base_login(LoginRule::initial_dot_7, "Marie", "Lefebvre") == "m.lefebvr");
    CHECK(base_login(LoginRule::initial_dot_7, "Jean", "Dupont") == "j.dupont");
    CHECK(base_login(LoginRule::initial_dot_7, "Anne", "Saint-Exupéry") == "a.saintex");
    CHECK(base_login(LoginRule::initial_dot_7, "Œlle", "D'Ornano") == "o.dornano");
    CHECK_FALSE(base_login(LoginRule::first_dot_last, "李", "Dupont"));
    CHECK_FALSE(base_login(LoginRule::initial_last, "Jean", "''"));
}

TEST_CASE("every rule's output is lower-case ASCII letters, digits, dot and hyphen", "[unit][domain]") {
    const char* names[][2] = {{"Ævar", "Þórsson"}, {"José", "García-Márquez"}, {"N'Golo", "Kanté"},
                              {"Zoë", "Ørsted"},   {"Ève", "L'Hôte"},          {"2Pac", "O'Neil"}};
    for (auto rule : {LoginRule::first_dot_last, LoginRule::initial_last, LoginRule::initial_dot_7}) {
        for (const auto& n : names) {
            auto login = base_login(rule, n[0], n[1]);
            INFO(n[0] << " " << n[1] << " -> " << login.value_or("(none)"));
            REQUIRE(login);
            for (char c : *login)
                CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'));
            CHECK(login->front() != '-');
            CHECK(login->back() != '-');
        }
    }
}

TEST_CASE("collisions get the first free numeric suffix", "[unit][domain]") {
    std::set<std::string> taken = {"jean.dupont", "jean.dupont2", "jean.dupont4"};
    auto is_taken = [&](const std::string& s) { return taken.count(s) > 0; };
    CHECK(first_free_login("marie.curie", is_taken) == "marie.curie");
    CHECK(first_free_login("jean.dupont", is_taken) == "jean.dupont3");
    taken.insert("jean.dupont3");
    CHECK(first_free_login("jean.dupont", is_taken) == "jean.dupont5");
}

TEST_CASE("login rules parse from their configuration spelling and back", "[unit][domain]") {
    for (auto rule : {LoginRule::first_dot_last, LoginRule::initial_last, LoginRule::initial_dot_7})
        CHECK(parse_login_rule(login_rule_name(rule)) == rule);
    CHECK_FALSE(parse_login_rule("nom.prenom"));
    CHECK_FALSE(parse_login_rule(""));
}
