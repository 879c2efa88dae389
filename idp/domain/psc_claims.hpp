#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/account.hpp"
#include "domain/professional.hpp"
#include "domain/scope.hpp"

// The Pro Santé Connect claim set (psc-profile.md "UserInfo"): identity, SubjectRefPro built from the
// directory, and the flat attributes RPs copy into DMP access headers. Every PSC string key is always
// present, "" when unknown (never null, never missing), so RPs written for PSC can index blindly.
namespace esc::domain {

inline constexpr std::string_view kProfessionOid = "1.2.250.1.213.1.1.5.5";   // SubjectRole suffix
inline constexpr std::string_view kSecteurActiviteOid = "1.2.250.1.71.4.2.4"; // Secteur_Activite suffix
inline constexpr std::string_view kPsiLocale = "1.2.250.1.213.1.3.1.1";
inline constexpr std::string_view kAccesRegulationMedicale = "FAUX";
inline constexpr std::string_view kUitVersion = "1.0";

// Claims released by each kind of scope (OIDC Core §5.4 for profile and email).
const std::vector<std::string>& profile_claim_names(); // name, given_name, family_name, preferred_username
const std::vector<std::string>& email_claim_names();   // email, email_verified
const std::vector<std::string>& psc_claim_names();     // SubjectNameID ... authMode (psc-profile.md)

struct UserInfoOptions {
    std::string subject;                       // from subject_for()
    Scopes scopes;                             // granted scopes of the access token
    std::string auth_mode;                     // AuthContext::auth_mode of the session
    std::string acr;                           // the acr of the token (Palier_Authentification)
    std::vector<std::string> requested_claims; // ClaimsRequest::userinfo_names() of the grant
    Scopes obtainable_scopes;                  // client_obtainable_scopes(): what requested claims may draw on
};

// Every identity claim Esculape can release about the account (standard and PSC), without `sub`.
// `professional` is null when the account is not linked or the person is absent from the directory:
// the PSC keys are still all present, with "" and [].
nlohmann::json build_identity_claims(const Professional* professional, const Account& account,
                                     std::string_view auth_mode, std::string_view acr);

// Keeps the claims of `identity` that the granted scopes release: profile / email groups (OIDC Core
// §5.4) and the PSC group under any PSC scope (scope_all, identity, rpps, referentiel, interop).
nlohmann::json select_claims(const nlohmann::json& identity, const Scopes& scopes);

// The individually `requested` claims (OIDC Core §5.5, e.g. the claims parameter's id_token member)
// that a granted scope already covers: the claims parameter can move a claim into the ID token but
// never widen what the client may see. Unknown names are ignored (OIDC Core §5.5).
nlohmann::json select_requested_claims(const nlohmann::json& identity, const Scopes& scopes,
                                       const std::vector<std::string>& requested);

// The UserInfo response (OIDC Core §5.3.2): `sub`, the claims of the granted scopes, plus the
// claims requested individually through the claims parameter's userinfo member (OIDC Core §5.5)
// that a scope the client may obtain covers: a request never releases what the client could not
// have asked for with a scope.
nlohmann::json build_userinfo(const Professional* professional, const Account& account, const UserInfoOptions& options);

// Exercices grouped by codeProfession in first-seen order: a second entry for the same profession
// adds its activities and fills the fields the first left empty (one exercice per profession).
std::vector<Exercice> merge_exercices(const std::vector<Exercice>& exercices);

// The main activity: the first activity of the first (merged) exercice that has one; null if none.
const Activity* main_activity(const std::vector<Exercice>& merged);

// SubjectOrganizationID: the site's FINESS (what DMP access headers expect for an establishment),
// else its SIRET (private practices have no FINESS), else the directory's technical structure id.
std::string organization_id(const Activity& activity);

// "RPPS" for id type 8, "ADELI" for 0, "EDIT" for any other identity (sandbox or local identities,
// as PSC's sandbox reports for identities it issued itself).
std::string other_id_origin(std::string_view id_type);

// otherIds: [{"identifiant", "origine", "qualite": 1}], from the directory or, failing it, from the
// account's national id (type digit + number); [] without any national id.
nlohmann::json other_ids(const Professional* professional, const Account& account);

// The SubjectRefPro object for a professional ({"codeCivilite": "", "exercices": []} for null).
nlohmann::json subject_ref_pro(const Professional* professional);

} // namespace esc::domain
