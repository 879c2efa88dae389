#pragma once
#include <string>
#include <vector>

namespace esc::domain {

// One place of practice of a professional, as published in the national extraction
// (one Personne_activite row). Field names follow the PSC SubjectRefPro activity keys.
struct Activity {
    std::string codeModeExercice;
    std::string codeSecteurDactivite;
    std::string codeSectionPharmacien;
    std::string codeRole;
    std::string codeGenreActivite;
    // Structure (place) fields, copied from the structure at import time.
    std::string numeroSiretSite;
    std::string numeroSirenSite;
    std::string numeroFinessSite;
    std::string numeroFinessetablissementJuridique;
    std::string identifiantTechniqueDeLaStructure;
    std::string raisonSocialeSite;
    std::string enseigneCommercialeSite;
    std::string complementDestinataire;
    std::string complementPointGeographique;
    std::string numeroVoie;
    std::string indiceRepetitionVoie;
    std::string codeTypeDeVoie;
    std::string libelleVoie;
    std::string mentionDistribution;
    std::string bureauCedex;
    std::string codePostal;
    std::string codeCommune;
    std::string codePays;
    std::string telephone;
    std::string telephone2;
    std::string telecopie;
    std::string adresseEMail;
    std::string codeDepartement;
    std::string ancienIdentifiantDeLaStructure;
    std::string autoriteDenregistrement;
    std::string libelleCommune; // not a PSC key; used for display (portal)
};

// A practice (exercice): one per profession of the professional.
struct Exercice {
    std::string codeProfession;
    std::string codeCategorieProfessionnelle;
    std::string codeCiviliteDexercice;
    std::string nomDexercice;
    std::string prenomDexercice;
    std::string codeTypeSavoirFaire;
    std::string codeSavoirFaire;
    std::vector<Activity> activities;
};

// The directory's view of a professional (national layer, replaced by each import).
struct Professional {
    std::string national_id; // Identification nationale PP: id type digit + RPPS/ADELI number
    std::string id_type;     // "8" RPPS, "0" ADELI
    std::string identifier;  // RPPS (11 digits) or ADELI (9 characters)
    std::string codeCivilite;
    std::string family_name; // nom d'exercice of the first practice, or civil name
    std::string given_name;
    std::vector<Exercice> exercices;
    std::vector<std::string> mssante_addresses;
    bool active = true;
};

} // namespace esc::domain
