#include <catch2/catch.hpp>

#include "web/labels.hpp"

using namespace esc::web;

TEST_CASE("profession codes have French labels", "[unit][web][labels]") {
    CHECK(profession_label("10") == "Médecin");
    CHECK(profession_label("21") == "Pharmacien");
    CHECK(profession_label("40") == "Chirurgien-dentiste");
    CHECK(profession_label("50") == "Sage-femme");
    CHECK(profession_label("60") == "Infirmier");
    CHECK(profession_label("70") == "Masseur-kinésithérapeute");
    CHECK(profession_label("93") == "Psychologue");
    CHECK(profession_label("81") == "Orthoprothésiste");
    CHECK(profession_label("99").empty());
    CHECK(profession_label("").empty());
}

TEST_CASE("secteur, savoir-faire and civilité codes have French labels", "[unit][web][labels]") {
    CHECK(secteur_activite_label("SA01") == "Établissement public de santé");
    CHECK(secteur_activite_label("SA33") == "Pharmacie d’officine");
    CHECK(secteur_activite_label("SA99").empty());
    CHECK(savoir_faire_label("SM53") == "Spécialiste en médecine générale");
    CHECK(savoir_faire_label("SM40") == "Pédiatrie");
    CHECK(savoir_faire_label("SM00").empty());
    CHECK(civilite_exercice_label("DR") == "Docteur");
    CHECK(civilite_exercice_label("PR") == "Professeur");
    CHECK(civilite_exercice_label("dr").empty());
    CHECK(civilite_label("MME") == "Madame");
    CHECK(mode_exercice_label("L") == "Libéral");
    CHECK(categorie_professionnelle_label("E") == "Étudiant");
    CHECK(type_savoir_faire_label("S") == "Spécialité ordinale");
}

TEST_CASE("OAuth error codes have a French explanation, unknown ones a generic one", "[unit][web][labels]") {
    CHECK(oauth_error_explanation("invalid_client").find("n’est pas reconnu") != std::string_view::npos);
    CHECK(oauth_error_explanation("server_error").find("Réessayez") != std::string_view::npos);
    CHECK(oauth_error_explanation("no_such_code") == "La demande n’a pas pu aboutir.");
}
