#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "domain/psc_claims.hpp"

using namespace esc::domain;
using Json = nlohmann::json;

namespace {

// Key lists copied from psc-profile.md, independent of the implementation's tables.
const std::set<std::string> kActivityKeys = {"codeModeExercice",
                                             "codeSecteurDactivite",
                                             "codeSectionPharmacien",
                                             "codeRole",
                                             "codeGenreActivite",
                                             "numeroSiretSite",
                                             "numeroSirenSite",
                                             "numeroFinessSite",
                                             "numeroFinessetablissementJuridique",
                                             "identifiantTechniqueDeLaStructure",
                                             "raisonSocialeSite",
                                             "enseigneCommercialeSite",
                                             "complementDestinataire",
                                             "complementPointGeographique",
                                             "numeroVoie",
                                             "indiceRepetitionVoie",
                                             "codeTypeDeVoie",
                                             "libelleVoie",
                                             "mentionDistribution",
                                             "bureauCedex",
                                             "codePostal",
                                             "codeCommune",
                                             "codePays",
                                             "telephone",
                                             "telephone2",
                                             "telecopie",
                                             "adresseEMail",
                                             "codeDepartement",
                                             "ancienIdentifiantDeLaStructure",
                                             "autoriteDenregistrement"};
const std::set<std::string> kExerciceKeys = {
    "codeProfession",  "codeCategorieProfessionnelle", "codeCiviliteDexercice", "nomDexercice",
    "prenomDexercice", "codeTypeSavoirFaire",          "codeSavoirFaire",       "activities"};
const std::set<std::string> kPscStringKeys = {"SubjectNameID",
                                              "preferred_username",
                                              "given_name",
                                              "family_name",
                                              "SubjectOrganization",
                                              "SubjectOrganizationID",
                                              "Secteur_Activite",
                                              "PSI_Locale",
                                              "Palier_Authentification",
                                              "Mode_Acces_Raison",
                                              "Acces_Regulation_Medicale",
                                              "UITVersion",
                                              "authMode"};

std::set<std::string> keys_of(const Json& object) {
    std::set<std::string> out;
    for (const auto& [k, v] : object.items())
        out.insert(k);
    return out;
}

Activity activity(std::string siret, std::string finess, std::string name, std::string sector) {
    Activity a;
    a.codeModeExercice = "L";
    a.codeSecteurDactivite = std::move(sector);
    a.codeRole = "FON-01";
    a.numeroSiretSite = std::move(siret);
    a.numeroFinessSite = std::move(finess);
    a.raisonSocialeSite = std::move(name);
    a.codePostal = "75012";
    a.libelleCommune = "Paris"; // not a PSC key: must not leak into SubjectRefPro
    return a;
}

// Two professions, three activities; the médecin practice arrives in two directory rows.
Professional two_professions() {
    Professional p;
    p.national_id = "810001234567";
    p.id_type = "8";
    p.identifier = "10001234567";
    p.codeCivilite = "DR";
    p.given_name = "Jeanne";
    p.family_name = "Martin";

    Exercice doctor;
    doctor.codeProfession = "10";
    doctor.codeCategorieProfessionnelle = "C";
    doctor.nomDexercice = "MARTIN";
    doctor.prenomDexercice = "Jeanne";
    doctor.activities = {activity("", "750000001", "Centre hospitalier", "SA01")};
    Exercice pharmacist;
    pharmacist.codeProfession = "21";
    pharmacist.activities = {activity("12345678900011", "", "Pharmacie du Port", "SA33")};
    Exercice doctor_again;
    doctor_again.codeProfession = "10";
    doctor_again.codeSavoirFaire = "SM54";
    doctor_again.activities = {activity("98765432100019", "", "Cabinet Martin", "SA07")};
    p.exercices = {doctor, pharmacist, doctor_again};
    return p;
}

Account linked_account() {
    Account a;
    a.id = 42;
    a.login = "jmartin";
    a.national_id = "810001234567";
    a.email = "jeanne.martin@example.fr";
    a.email_verified = true;
    return a;
}

void check_psc_shape(const Json& info) {
    for (const auto& key : kPscStringKeys) {
        INFO(key);
        REQUIRE(info.contains(key));
        CHECK(info.at(key).is_string());
    }
    REQUIRE(info.contains("email_verified"));
    CHECK(info.at("email_verified").is_boolean());
    CHECK(info.at("SubjectRole").is_array());
    CHECK(info.at("otherIds").is_array());
    REQUIRE(info.at("SubjectRefPro").is_object());
    CHECK(keys_of(info.at("SubjectRefPro")) == std::set<std::string>{"codeCivilite", "exercices"});
    CHECK(info.at("SubjectRefPro").at("codeCivilite").is_string());
    for (const auto& e : info.at("SubjectRefPro").at("exercices")) {
        CHECK(keys_of(e) == kExerciceKeys);
        for (const auto& [k, v] : e.items())
            if (k != "activities") CHECK(v.is_string());
        for (const auto& a : e.at("activities")) {
            CHECK(keys_of(a) == kActivityKeys);
            for (const auto& [k, v] : a.items())
                CHECK(v.is_string());
        }
    }
}

} // namespace

TEST_CASE("PSC userinfo for a professional with two professions", "[unit]") {
    auto pro = two_professions();
    auto info = build_userinfo(&pro, linked_account(), {"810001234567", {"openid", "scope_all"}, "CARD", "eidas3"});
    check_psc_shape(info);

    CHECK(info.at("sub") == "810001234567");
    CHECK(info.at("SubjectNameID") == "810001234567");
    CHECK(info.at("preferred_username") == "810001234567");
    CHECK(info.at("given_name") == "Jeanne");
    CHECK(info.at("family_name") == "Martin");
    CHECK(info.at("email_verified") == true);
    CHECK_FALSE(info.contains("email")); // only under the email scope
    CHECK_FALSE(info.contains("name"));  // only under the profile scope
    CHECK(info.at("authMode") == "CARD");

    const auto& exercices = info.at("SubjectRefPro").at("exercices");
    REQUIRE(exercices.size() == 2);
    CHECK(exercices[0].at("codeProfession") == "10");
    CHECK(exercices[0].at("codeSavoirFaire") == "SM54"); // filled from the second row
    CHECK(exercices[0].at("nomDexercice") == "MARTIN");
    CHECK(exercices[0].at("codeTypeSavoirFaire") == "");
    REQUIRE(exercices[0].at("activities").size() == 2);
    CHECK(exercices[0].at("activities")[0].at("raisonSocialeSite") == "Centre hospitalier");
    CHECK(exercices[0].at("activities")[1].at("raisonSocialeSite") == "Cabinet Martin");
    CHECK(exercices[0].at("activities")[1].at("telecopie") == "");
    CHECK(exercices[1].at("codeProfession") == "21");
    REQUIRE(exercices[1].at("activities").size() == 1);
    CHECK(exercices[1].at("activities")[0].at("numeroSiretSite") == "12345678900011");
    CHECK(info.at("SubjectRefPro").at("codeCivilite") == "DR");

    CHECK(info.at("SubjectRole") == Json::array({"10^1.2.250.1.213.1.1.5.5", "21^1.2.250.1.213.1.1.5.5"}));
    CHECK(info.at("Secteur_Activite") == "SA01^1.2.250.1.71.4.2.4");
    CHECK(info.at("SubjectOrganization") == "Centre hospitalier");
    CHECK(info.at("SubjectOrganizationID") == "750000001");
    CHECK(info.at("PSI_Locale") == "1.2.250.1.213.1.3.1.1");
    CHECK(info.at("Palier_Authentification") == "APPPRIP3^1.2.250.1.213.1.5.1.1.1");
    CHECK(info.at("Mode_Acces_Raison") == "");
    CHECK(info.at("Acces_Regulation_Medicale") == "FAUX");
    CHECK(info.at("UITVersion") == "1.0");
    CHECK(info.at("otherIds") == Json::parse(R"([{"identifiant":"10001234567","origine":"RPPS","qualite":1}])"));
}

TEST_CASE("PSC userinfo for an account absent from the directory", "[unit]") {
    Account a;
    a.id = 7;
    a.login = "interne";
    auto info = build_userinfo(nullptr, a, {"local:7", {"openid", "scope_all"}, "PASSWORD", "eidas1"});
    check_psc_shape(info);
    CHECK(info.at("SubjectNameID") == "");
    CHECK(info.at("given_name") == "");
    CHECK(info.at("SubjectOrganization") == "");
    CHECK(info.at("SubjectOrganizationID") == "");
    CHECK(info.at("Secteur_Activite") == "");
    CHECK(info.at("SubjectRole") == Json::array());
    CHECK(info.at("otherIds") == Json::array());
    CHECK(info.at("SubjectRefPro") == Json::parse(R"({"codeCivilite":"","exercices":[]})"));
    CHECK(info.at("Palier_Authentification") == "APPPRIP1^1.2.250.1.213.1.5.1.1.1"); // a password login
    CHECK(info.at("email_verified") == false);

    // Linked by national id but the directory has no record: otherIds from the national id.
    a.national_id = "0751234567";
    auto adeli = build_userinfo(nullptr, a, {"0751234567", {"openid", "identity"}, "PASSWORD"});
    CHECK(adeli.at("SubjectNameID") == "0751234567");
    CHECK(adeli.at("otherIds") == Json::parse(R"([{"identifiant":"751234567","origine":"ADELI","qualite":1}])"));
}

TEST_CASE("userinfo follows the granted scopes", "[unit]") {
    auto pro = two_professions();
    auto account = linked_account();

    auto bare = build_userinfo(&pro, account, {"810001234567", {"openid"}, "CARD"});
    CHECK(keys_of(bare) == std::set<std::string>{"sub"});

    auto profile = build_userinfo(&pro, account, {"810001234567", {"openid", "profile", "email"}, "CARD"});
    CHECK(keys_of(profile) == std::set<std::string>{"sub", "name", "given_name", "family_name", "preferred_username",
                                                    "email", "email_verified"});
    CHECK(profile.at("name") == "Jeanne Martin");
    CHECK(profile.at("email") == "jeanne.martin@example.fr");

    for (const char* psc : {"scope_all", "identity", "rpps", "referentiel", "interop"}) {
        INFO(psc);
        auto info = build_userinfo(&pro, account, {"810001234567", {"openid", psc}, "CARD"});
        CHECK(info.contains("SubjectRefPro"));
        CHECK(info.contains("otherIds"));
    }
}

TEST_CASE("organisation identifier and main activity", "[unit]") {
    Activity a;
    a.identifiantTechniqueDeLaStructure = "R10000000001";
    CHECK(organization_id(a) == "R10000000001");
    a.numeroSiretSite = "12345678900011";
    CHECK(organization_id(a) == "12345678900011");
    a.numeroFinessSite = "750000001";
    CHECK(organization_id(a) == "750000001");

    std::vector<Exercice> merged(2);
    CHECK(main_activity(merged) == nullptr);
    merged[1].activities.push_back(a);
    REQUIRE(main_activity(merged) == &merged[1].activities[0]);
    // An exercice without activity does not hide the next one's main activity.
    Professional p;
    p.exercices = merged;
    p.exercices[1].codeProfession = "40";
    auto info = build_userinfo(&p, Account{}, {"s", {"scope_all"}, ""});
    CHECK(info.at("SubjectOrganizationID") == "750000001");
    CHECK(info.at("SubjectRole") == Json::array({"40^1.2.250.1.213.1.1.5.5"}));
}

TEST_CASE("otherIds origins", "[unit]") {
    CHECK(other_id_origin("8") == "RPPS");
    CHECK(other_id_origin("0") == "ADELI");
    CHECK(other_id_origin("") == "EDIT");
    Account a;
    a.national_id = "ANS20230001";
    CHECK(other_ids(nullptr, a) == Json::parse(R"([{"identifiant":"ANS20230001","origine":"EDIT","qualite":1}])"));
}

TEST_CASE("requested claims never widen the scopes", "[unit]") {
    auto pro = two_professions();
    auto identity = build_identity_claims(&pro, linked_account(), "CARD", "eidas3");
    auto picked = select_requested_claims(identity, {"openid", "scope_all"},
                                          {"SubjectNameID", "email", "unknown", "SubjectRole"});
    CHECK(keys_of(picked) == std::set<std::string>{"SubjectNameID", "SubjectRole"});
    CHECK(select_requested_claims(identity, {"openid"}, {"SubjectNameID"}).empty());
}

TEST_CASE("Palier_Authentification is derived from the level reached", "[unit]") {
    Account a;
    a.login = "x";
    const std::pair<const char*, const char*> cases[] = {{"eidas1", "APPPRIP1"}, {"eidas2", "APPPRIP2"},
                                                         {"eidas3", "APPPRIP3"}, {"", "APPPRIP1"},
                                                         {"EIDAS3", "APPPRIP1"}, {"loa4", "APPPRIP1"}};
    for (const auto& [acr, palier] : cases) {
        INFO("acr " << acr);
        auto identity = build_identity_claims(nullptr, a, "CARD", acr);
        CHECK(identity.at("Palier_Authentification") == std::string(palier) + "^1.2.250.1.213.1.5.1.1.1");
    }
}
