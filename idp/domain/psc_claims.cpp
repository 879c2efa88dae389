#include "domain/psc_claims.hpp"

#include "domain/acr.hpp"

#include <algorithm>
#include <utility>

namespace esc::domain {

namespace {

using Json = nlohmann::json;

// SubjectRefPro activity keys, in the order PSC publishes them (psc-profile.md).
const std::pair<const char*, std::string Activity::*> kActivityKeys[] = {
    {"codeModeExercice", &Activity::codeModeExercice},
    {"codeSecteurDactivite", &Activity::codeSecteurDactivite},
    {"codeSectionPharmacien", &Activity::codeSectionPharmacien},
    {"codeRole", &Activity::codeRole},
    {"codeGenreActivite", &Activity::codeGenreActivite},
    {"numeroSiretSite", &Activity::numeroSiretSite},
    {"numeroSirenSite", &Activity::numeroSirenSite},
    {"numeroFinessSite", &Activity::numeroFinessSite},
    {"numeroFinessetablissementJuridique", &Activity::numeroFinessetablissementJuridique},
    {"identifiantTechniqueDeLaStructure", &Activity::identifiantTechniqueDeLaStructure},
    {"raisonSocialeSite", &Activity::raisonSocialeSite},
    {"enseigneCommercialeSite", &Activity::enseigneCommercialeSite},
    {"complementDestinataire", &Activity::complementDestinataire},
    {"complementPointGeographique", &Activity::complementPointGeographique},
    {"numeroVoie", &Activity::numeroVoie},
    {"indiceRepetitionVoie", &Activity::indiceRepetitionVoie},
    {"codeTypeDeVoie", &Activity::codeTypeDeVoie},
    {"libelleVoie", &Activity::libelleVoie},
    {"mentionDistribution", &Activity::mentionDistribution},
    {"bureauCedex", &Activity::bureauCedex},
    {"codePostal", &Activity::codePostal},
    {"codeCommune", &Activity::codeCommune},
    {"codePays", &Activity::codePays},
    {"telephone", &Activity::telephone},
    {"telephone2", &Activity::telephone2},
    {"telecopie", &Activity::telecopie},
    {"adresseEMail", &Activity::adresseEMail},
    {"codeDepartement", &Activity::codeDepartement},
    {"ancienIdentifiantDeLaStructure", &Activity::ancienIdentifiantDeLaStructure},
    {"autoriteDenregistrement", &Activity::autoriteDenregistrement},
};

const std::pair<const char*, std::string Exercice::*> kExerciceKeys[] = {
    {"codeProfession", &Exercice::codeProfession},
    {"codeCategorieProfessionnelle", &Exercice::codeCategorieProfessionnelle},
    {"codeCiviliteDexercice", &Exercice::codeCiviliteDexercice},
    {"nomDexercice", &Exercice::nomDexercice},
    {"prenomDexercice", &Exercice::prenomDexercice},
    {"codeTypeSavoirFaire", &Exercice::codeTypeSavoirFaire},
    {"codeSavoirFaire", &Exercice::codeSavoirFaire},
};

Json activity_json(const Activity& a) {
    Json out = Json::object();
    for (const auto& [key, member] : kActivityKeys)
        out[key] = a.*member;
    return out;
}

Json exercice_json(const Exercice& e) {
    Json out = Json::object();
    for (const auto& [key, member] : kExerciceKeys)
        out[key] = e.*member;
    Json activities = Json::array();
    for (const auto& a : e.activities)
        activities.push_back(activity_json(a));
    out["activities"] = std::move(activities);
    return out;
}

void fill_empty_fields(Exercice& into, const Exercice& from) {
    for (const auto& [key, member] : kExerciceKeys)
        if ((into.*member).empty()) into.*member = from.*member;
}

Json subject_roles(const std::vector<Exercice>& merged) {
    Json roles = Json::array();
    for (const auto& e : merged)
        if (!e.codeProfession.empty()) roles.push_back(e.codeProfession + "^" + std::string(kProfessionOid));
    return roles;
}

// The national id of the account: the directory's when linked, else the account's own link.
std::string national_id_of(const Professional* professional, const Account& account) {
    if (professional && !professional->national_id.empty()) return professional->national_id;
    return account.national_id;
}

std::string full_name(const std::string& given, const std::string& family) {
    if (given.empty()) return family;
    if (family.empty()) return given;
    return given + " " + family;
}

// SubjectOrganization, SubjectOrganizationID and Secteur_Activite, from the main activity.
void add_main_activity_claims(Json& out, const std::vector<Exercice>& merged) {
    const Activity* main = main_activity(merged);
    std::string organization, organization_ident, sector;
    if (main) {
        organization = main->raisonSocialeSite.empty() ? main->enseigneCommercialeSite : main->raisonSocialeSite;
        organization_ident = organization_id(*main);
        if (!main->codeSecteurDactivite.empty())
            sector = main->codeSecteurDactivite + "^" + std::string(kSecteurActiviteOid);
    }
    out["SubjectOrganization"] = organization;
    out["SubjectOrganizationID"] = organization_ident;
    out["Secteur_Activite"] = sector;
}

bool covered_by_scopes(const std::string& claim, const Scopes& scopes) {
    auto in = [&](const std::vector<std::string>& names) {
        return std::find(names.begin(), names.end(), claim) != names.end();
    };
    return (has_scope(scopes, "profile") && in(profile_claim_names())) ||
           (has_scope(scopes, "email") && in(email_claim_names())) || (has_psc_scope(scopes) && in(psc_claim_names()));
}

} // namespace

const std::vector<std::string>& profile_claim_names() {
    static const std::vector<std::string> kNames = {"name", "given_name", "family_name", "preferred_username"};
    return kNames;
}

const std::vector<std::string>& email_claim_names() {
    static const std::vector<std::string> kNames = {"email", "email_verified"};
    return kNames;
}

const std::vector<std::string>& psc_claim_names() {
    static const std::vector<std::string> kNames = {"SubjectNameID",
                                                    "preferred_username",
                                                    "given_name",
                                                    "family_name",
                                                    "email_verified",
                                                    "SubjectRefPro",
                                                    "SubjectOrganization",
                                                    "SubjectOrganizationID",
                                                    "SubjectRole",
                                                    "Secteur_Activite",
                                                    "PSI_Locale",
                                                    "Palier_Authentification",
                                                    "Mode_Acces_Raison",
                                                    "Acces_Regulation_Medicale",
                                                    "UITVersion",
                                                    "otherIds",
                                                    "authMode"};
    return kNames;
}

std::vector<Exercice> merge_exercices(const std::vector<Exercice>& exercices) {
    std::vector<Exercice> merged;
    for (const auto& e : exercices) {
        auto it = std::find_if(merged.begin(), merged.end(),
                               [&](const Exercice& m) { return m.codeProfession == e.codeProfession; });
        if (it == merged.end()) {
            merged.push_back(e);
            continue;
        }
        fill_empty_fields(*it, e);
        it->activities.insert(it->activities.end(), e.activities.begin(), e.activities.end());
    }
    return merged;
}

const Activity* main_activity(const std::vector<Exercice>& merged) {
    for (const auto& e : merged)
        if (!e.activities.empty()) return &e.activities.front();
    return nullptr;
}

std::string organization_id(const Activity& activity) {
    if (!activity.numeroFinessSite.empty()) return activity.numeroFinessSite;
    if (!activity.numeroSiretSite.empty()) return activity.numeroSiretSite;
    return activity.identifiantTechniqueDeLaStructure;
}

std::string other_id_origin(std::string_view id_type) {
    if (id_type == "8") return "RPPS";
    if (id_type == "0") return "ADELI";
    return "EDIT";
}

Json other_ids(const Professional* professional, const Account& account) {
    Json out = Json::array();
    std::string identifier, id_type;
    if (professional && !professional->national_id.empty()) {
        identifier = professional->identifier.empty() ? professional->national_id : professional->identifier;
        id_type = professional->id_type;
    } else if (!account.national_id.empty()) {
        // National id = id type digit + number: 8 + RPPS, 0 + ADELI (psc-profile.md).
        const auto& nid = account.national_id;
        bool typed = nid.size() > 1 && (nid[0] == '8' || nid[0] == '0');
        id_type = typed ? nid.substr(0, 1) : "";
        identifier = typed ? nid.substr(1) : nid;
    } else {
        return out;
    }
    out.push_back({{"identifiant", identifier}, {"origine", other_id_origin(id_type)}, {"qualite", 1}});
    return out;
}

Json subject_ref_pro(const Professional* professional) {
    Json exercices = Json::array();
    if (professional)
        for (const auto& e : merge_exercices(professional->exercices))
            exercices.push_back(exercice_json(e));
    return {{"codeCivilite", professional ? professional->codeCivilite : ""}, {"exercices", std::move(exercices)}};
}

Json build_identity_claims(const Professional* professional, const Account& account, std::string_view auth_mode,
                           std::string_view acr) {
    Json out = Json::object();
    std::string national_id = national_id_of(professional, account);
    std::string given = professional ? professional->given_name : "";
    std::string family = professional ? professional->family_name : "";
    // PSC: preferred_username = SubjectNameID = national id; an unlinked account shows its login.
    out["SubjectNameID"] = national_id;
    out["preferred_username"] = national_id.empty() ? account.login : national_id;
    out["given_name"] = given;
    out["family_name"] = family;
    out["name"] = full_name(given, family);
    out["email"] = account.email;
    out["email_verified"] = account.email_verified;
    out["SubjectRefPro"] = subject_ref_pro(professional);
    auto merged = professional ? merge_exercices(professional->exercices) : std::vector<Exercice>{};
    add_main_activity_claims(out, merged);
    out["SubjectRole"] = subject_roles(merged);
    out["PSI_Locale"] = kPsiLocale;
    out["Palier_Authentification"] = palier_authentification(acr);
    out["Mode_Acces_Raison"] = "";
    out["Acces_Regulation_Medicale"] = kAccesRegulationMedicale;
    out["UITVersion"] = kUitVersion;
    out["otherIds"] = other_ids(professional, account);
    out["authMode"] = auth_mode;
    return out;
}

Json select_claims(const Json& identity, const Scopes& scopes) {
    Json out = Json::object();
    for (const auto& [name, value] : identity.items())
        if (covered_by_scopes(name, scopes)) out[name] = value;
    return out;
}

Json select_requested_claims(const Json& identity, const Scopes& scopes, const std::vector<std::string>& requested) {
    Json out = Json::object();
    for (const auto& name : requested)
        if (identity.contains(name) && covered_by_scopes(name, scopes)) out[name] = identity.at(name);
    return out;
}

Json build_userinfo(const Professional* professional, const Account& account, const UserInfoOptions& options) {
    Json identity = build_identity_claims(professional, account, options.auth_mode, options.acr);
    Json out = select_claims(identity, options.scopes);
    out.update(select_requested_claims(identity, options.obtainable_scopes, options.requested_claims));
    out["sub"] = options.subject;
    return out;
}

} // namespace esc::domain
