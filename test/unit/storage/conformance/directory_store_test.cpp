#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;

namespace {

domain::Activity hospital() {
    domain::Activity a;
    a.codeModeExercice = "S";
    a.codeSecteurDactivite = "SA01";
    a.codeGenreActivite = "GENR01";
    a.numeroSiretSite = "26370911500178";
    a.numeroSirenSite = "263709115";
    a.numeroFinessSite = "370098311";
    a.numeroFinessetablissementJuridique = "370098303";
    a.identifiantTechniqueDeLaStructure = "F370098311";
    a.raisonSocialeSite = "CH DU VAL DE LOIRE";
    a.enseigneCommercialeSite = "CENTRE HOSPITALIER DU VAL DE LOIRE";
    a.complementDestinataire = "SERVICE DE CARDIOLOGIE";
    a.complementPointGeographique = "BATIMENT B";
    a.numeroVoie = "2";
    a.indiceRepetitionVoie = "B";
    a.codeTypeDeVoie = "BD";
    a.libelleVoie = "TONNELLE";
    a.mentionDistribution = "CS 40001";
    a.bureauCedex = "37044 TOURS CEDEX 9";
    a.codePostal = "37044";
    a.codeCommune = "37261";
    a.libelleCommune = "Tours";
    a.codePays = "99100";
    a.telephone = "0199000801";
    a.telephone2 = "0199000805";
    a.telecopie = "0199000802";
    a.adresseEMail = "standard@ch.example";
    a.codeDepartement = "37";
    a.ancienIdentifiantDeLaStructure = "1370098311";
    a.autoriteDenregistrement = "CNOM/CNOM/ARS";
    return a;
}

domain::Activity cabinet(const std::string& name) {
    domain::Activity a;
    a.codeModeExercice = "L";
    a.codeSecteurDactivite = "SA08";
    a.codeRole = "FON-01";
    a.raisonSocialeSite = name; // no technical id, FINESS or SIRET: a local key is derived
    a.numeroVoie = "9";
    a.libelleVoie = "GASTON PAILHOU";
    a.codePostal = "37000";
    a.libelleCommune = "Tours";
    return a;
}

domain::Professional two_practices() {
    domain::Professional p;
    p.national_id = "899700000898";
    p.id_type = "8";
    p.identifier = "99700000898";
    p.codeCivilite = "M";
    p.family_name = "MARCHAND";
    p.given_name = "Pierre-Yves";
    p.mssante_addresses = {"pym@ch.mssante.example", "pym@medecin.mssante.example"};
    domain::Exercice doctor{"10", "C", "DR", "MARCHAND", "Pierre-Yves", "S", "SM04", {}};
    doctor.activities = {hospital(), cabinet("CABINET DES HALLES")};
    domain::Exercice pharmacist{"21", "C", "", "MARCHAND", "Pierre-Yves", "", "", {}};
    domain::Activity pharmacy = hospital(); // the hospital pharmacy: same structure as above
    pharmacy.codeSectionPharmacien = "H";
    pharmacy.autoriteDenregistrement = "CNOP/CNOP/ARS";
    pharmacist.activities = {pharmacy};
    p.exercices = {doctor, pharmacist};
    return p;
}

// Field-by-field comparison with a message naming the field that differs.
void check_same(const domain::Activity& a, const domain::Activity& b) {
    CHECK(a.codeModeExercice == b.codeModeExercice);
    CHECK(a.codeSecteurDactivite == b.codeSecteurDactivite);
    CHECK(a.codeSectionPharmacien == b.codeSectionPharmacien);
    CHECK(a.codeRole == b.codeRole);
    CHECK(a.codeGenreActivite == b.codeGenreActivite);
    CHECK(a.numeroSiretSite == b.numeroSiretSite);
    CHECK(a.numeroSirenSite == b.numeroSirenSite);
    CHECK(a.numeroFinessSite == b.numeroFinessSite);
    CHECK(a.numeroFinessetablissementJuridique == b.numeroFinessetablissementJuridique);
    CHECK(a.identifiantTechniqueDeLaStructure == b.identifiantTechniqueDeLaStructure);
    CHECK(a.raisonSocialeSite == b.raisonSocialeSite);
    CHECK(a.enseigneCommercialeSite == b.enseigneCommercialeSite);
    CHECK(a.complementDestinataire == b.complementDestinataire);
    CHECK(a.complementPointGeographique == b.complementPointGeographique);
    CHECK(a.numeroVoie == b.numeroVoie);
    CHECK(a.indiceRepetitionVoie == b.indiceRepetitionVoie);
    CHECK(a.codeTypeDeVoie == b.codeTypeDeVoie);
    CHECK(a.libelleVoie == b.libelleVoie);
    CHECK(a.mentionDistribution == b.mentionDistribution);
    CHECK(a.bureauCedex == b.bureauCedex);
    CHECK(a.codePostal == b.codePostal);
    CHECK(a.codeCommune == b.codeCommune);
    CHECK(a.libelleCommune == b.libelleCommune);
    CHECK(a.codePays == b.codePays);
    CHECK(a.telephone == b.telephone);
    CHECK(a.telephone2 == b.telephone2);
    CHECK(a.telecopie == b.telecopie);
    CHECK(a.adresseEMail == b.adresseEMail);
    CHECK(a.codeDepartement == b.codeDepartement);
    CHECK(a.ancienIdentifiantDeLaStructure == b.ancienIdentifiantDeLaStructure);
    CHECK(a.autoriteDenregistrement == b.autoriteDenregistrement);
}

} // namespace

STORE_CASE("a professional with two practices and three activities round-trips") {
    TestType store;
    const auto written = two_practices();
    store->directory().put_professional(written);
    store.reopen();

    auto read = store->directory().find_professional("899700000898");
    REQUIRE(read);
    CHECK(read->national_id == "899700000898");
    CHECK(read->id_type == "8");
    CHECK(read->identifier == "99700000898");
    CHECK(read->codeCivilite == "M");
    CHECK(read->family_name == "MARCHAND");
    CHECK(read->given_name == "Pierre-Yves");
    CHECK(read->active);
    CHECK(read->mssante_addresses == written.mssante_addresses);
    REQUIRE(read->exercices.size() == 2);
    for (std::size_t e = 0; e < 2; ++e) {
        const auto& got = read->exercices[e];
        const auto& want = written.exercices[e];
        INFO("exercice " << e);
        CHECK(got.codeProfession == want.codeProfession);
        CHECK(got.codeCategorieProfessionnelle == want.codeCategorieProfessionnelle);
        CHECK(got.codeCiviliteDexercice == want.codeCiviliteDexercice);
        CHECK(got.nomDexercice == want.nomDexercice);
        CHECK(got.prenomDexercice == want.prenomDexercice);
        CHECK(got.codeTypeSavoirFaire == want.codeTypeSavoirFaire);
        CHECK(got.codeSavoirFaire == want.codeSavoirFaire);
        REQUIRE(got.activities.size() == want.activities.size());
        for (std::size_t a = 0; a < got.activities.size(); ++a) {
            INFO("activity " << a);
            check_same(got.activities[a], want.activities[a]);
        }
    }
    CHECK_FALSE(store->directory().find_professional("899700000999"));
}

STORE_CASE("structures are shared between activities and professionals") {
    TestType store;
    store->directory().put_professional(two_practices());
    domain::Professional colleague;
    colleague.national_id = "899700000112";
    colleague.id_type = "8";
    colleague.identifier = "99700000112";
    domain::Exercice nurse{"60", "C", "", "MOREAU", "Claire", "", "", {}};
    domain::Activity moved = hospital();
    moved.telephone = "0199000899"; // the hospital's number changed in the newer row
    nurse.activities = {moved, cabinet("CABINET DES HALLES")};
    colleague.exercices = {nurse};
    store->directory().put_professional(colleague);

    // One structure row per place: the newer copy of the hospital and the cabinet's derived key
    // are seen from both professionals.
    auto first = store->directory().find_professional("899700000898");
    REQUIRE(first);
    CHECK(first->exercices[0].activities[0].telephone == "0199000899");
    CHECK(first->exercices[1].activities[0].telephone == "0199000899");
    CHECK(first->exercices[1].activities[0].autoriteDenregistrement == "CNOP/CNOP/ARS"); // per activity
    CHECK(first->exercices[0].activities[1].identifiantTechniqueDeLaStructure.empty());  // not invented
    CHECK(first->exercices[0].activities[1].raisonSocialeSite == "CABINET DES HALLES");
}

STORE_CASE("put_professional replaces practices and addresses and bumps the version") {
    TestType store;
    auto& directory = store->directory();
    CHECK(directory.version() == 0);
    auto p = two_practices();
    directory.put_professional(p);
    CHECK(directory.version() == 1);

    p.family_name = "MARCHAND-LEROY";
    p.active = false;
    p.exercices.pop_back();
    p.exercices[0].activities.pop_back();
    p.mssante_addresses = {"pym@new.mssante.example"};
    directory.put_professional(p);
    CHECK(directory.version() == 2);

    auto read = directory.find_professional(p.national_id);
    REQUIRE(read);
    CHECK(read->family_name == "MARCHAND-LEROY");
    CHECK_FALSE(read->active);
    REQUIRE(read->exercices.size() == 1);
    CHECK(read->exercices[0].activities.size() == 1);
    CHECK(read->mssante_addresses == std::vector<std::string>{"pym@new.mssante.example"});
}

STORE_CASE("a practice without activity and an activity without place are kept") {
    TestType store;
    domain::Professional p;
    p.national_id = "0499312345";
    p.id_type = "0";
    p.identifier = "499312345";
    domain::Exercice student{"93", "E", "", "BLANC", "Lucas", "", "", {}};
    domain::Exercice placeless{"96", "C", "", "BLANC", "Lucas", "", "", {}};
    domain::Activity no_place;
    no_place.codeModeExercice = "S";
    no_place.codeGenreActivite = "GENR01";
    placeless.activities = {no_place};
    p.exercices = {student, placeless};
    store->directory().put_professional(p);

    auto read = store->directory().find_professional("0499312345");
    REQUIRE(read);
    REQUIRE(read->exercices.size() == 2);
    CHECK(read->exercices[0].activities.empty());
    REQUIRE(read->exercices[1].activities.size() == 1);
    CHECK(read->exercices[1].activities[0].codeModeExercice == "S");
    CHECK(read->exercices[1].activities[0].raisonSocialeSite.empty());
    CHECK(read->mssante_addresses.empty());
}

STORE_CASE("a failed put_professional changes nothing") {
    TestType store;
    auto p = two_practices();
    store->directory().put_professional(p);
    p.family_name = "CHANGED";
    p.exercices[1].codeProfession = "10"; // two practices of one profession: rejected by the schema
    CHECK_THROWS_AS(store->directory().put_professional(p), esc::storage::StorageError);
    CHECK(store->directory().version() == 1);
    auto read = store->directory().find_professional(p.national_id);
    REQUIRE(read);
    CHECK(read->family_name == "MARCHAND");
    CHECK(read->exercices.size() == 2);
}
