// Login and step-up by CPS card: the certificate the TLS layer (or a trusted proxy) verified, its
// revocation checked against the CRLs in force, the national id read from its subject. A professional
// of the directory without an account gets one at the first card login, linked by national id.
#include <algorithm>

#include "crypto/revocation.hpp"
#include "domain/login_name.hpp"
#include "domain/registration.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/workstation_login.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"

namespace esc::portal {

namespace {

struct CardVerdict {
    std::optional<std::string> national_id;
    std::string error; // French, shown on the login page
    int status = 401;
};

CardVerdict refused(std::string error, int status = 401) {
    return {std::nullopt, std::move(error), status};
}

bool require_crl(const Deps& deps) {
    return deps.config.card.require_crl && !deps.config.card.crl_files.empty();
}

CardVerdict read_card(const Deps& deps, const http::Request& request) {
    const auto& cert = request.client_cert;
    if (!cert)
        return refused("Aucune carte CPS n’a été présentée. Insérez votre carte dans le lecteur, rechargez la page "
                       "et choisissez son certificat quand le navigateur le propose.");
    // The idp's own workstation certificates identify a computer: with a password they strengthen a
    // login, alone they log nobody in.
    if (from_workstation_ca(deps, request))
        return refused("Ce certificat est un certificat de poste de travail, pas une carte CPS : identifiez-vous avec "
                       "votre mot de passe sur ce poste.");
    if (!cert->verified) {
        if (cert->verify_error.find("expired") != std::string::npos)
            return refused("Le certificat de cette carte a expiré. Utilisez votre nouvelle carte CPS ou un autre moyen "
                           "de connexion.");
        return refused("Cette carte n’a pas été émise par une autorité de certification reconnue par ce serveur.");
    }
    if (deps.card_crls) {
        switch (deps.card_crls->current()->check(cert->pem, deps.clock.now(), require_crl(deps))) {
        case crypto::RevocationStatus::good:
            break;
        case crypto::RevocationStatus::revoked:
            return refused("Cette carte a été mise en opposition (révoquée) : elle ne permet plus de se connecter. "
                           "Contactez votre autorité d’enregistrement.",
                           403);
        case crypto::RevocationStatus::no_crl:
        case crypto::RevocationStatus::stale_crl:
            // Fail closed: without a current list, a revoked card cannot be told from a good one.
            return refused("La connexion par carte est momentanément impossible : la liste des cartes révoquées n’est "
                           "pas à jour. Réessayez plus tard ou utilisez un autre moyen de connexion.",
                           503);
        case crypto::RevocationStatus::unreadable:
            return refused("Le certificat de cette carte n’a pas pu être lu.");
        }
    }
    auto id = domain::national_id_from_subject(cert->subject);
    if (!id) return refused("Ce certificat ne porte pas d’identifiant national de professionnel de santé.");
    return {std::move(id), "", 200};
}

// The account of the card's professional; created, linked and without password, on the first card
// login of a professional of the directory. nullopt when the directory does not know them.
std::optional<domain::Account> account_for_card(const Deps& deps, const std::string& national_id) {
    auto& accounts = deps.store.accounts();
    if (auto account = accounts.find_by_national_id(national_id)) return account;
    auto professional = deps.store.directory().find_professional(national_id);
    if (!professional || !professional->active) return std::nullopt;
    const auto now = deps.clock.now();
    storage::NewAccount n;
    n.account.national_id = national_id;
    n.account.created_at = now;
    n.profile.civility = professional->codeCivilite == "MME" ? "MME" : "M";
    n.profile.family_name = professional->family_name;
    n.profile.given_name = professional->given_name;
    if (!professional->exercices.empty()) n.profile.profession = professional->exercices.front().codeProfession;
    n.profile.created_at = now;
    const auto base = domain::base_login(deps.config.login_rule, professional->given_name, professional->family_name)
                          .value_or("utilisateur");
    // Another node may take the same login, or open this professional's account, meanwhile.
    for (int attempt = 0; attempt < 10; ++attempt) {
        n.account.login = domain::first_free_login(base, [&](const std::string& l) { return accounts.login_taken(l); });
        auto created = accounts.create(n);
        if (created.outcome != storage::CreateOutcome::login_taken) return accounts.find_by_national_id(national_id);
    }
    return std::nullopt;
}

} // namespace

http::Response handle_card_login(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> interaction;
    if (!fields.get("interaction").empty()) {
        interaction = pending_login(deps, fields.get("interaction"), true);
        if (!interaction) return expired(deps);
    }
    const endpoints::Interaction* pending = interaction ? &*interaction : nullptr;
    if (!login_csrf_ok(deps, request, fields, pending))
        return login_page_with_error(deps, request, pending, web::kMsgFormExpired, 400);
    const auto& methods = deps.login_methods;
    if (std::find(methods.begin(), methods.end(), domain::LoginMethod::card) == methods.end())
        return login_page_with_error(deps, request, pending,
                                     "La connexion par carte CPS n’est pas activée sur ce serveur.", 400);
    auto card = read_card(deps, request);
    if (!card.national_id) {
        deps.metrics.count_login("card_refused");
        return login_page_with_error(deps, request, pending, card.error, card.status);
    }
    auto account = account_for_card(deps, *card.national_id);
    if (!account) {
        deps.metrics.count_login("card_refused");
        return login_page_with_error(
            deps, request, pending,
            "Cette carte (identifiant " + *card.national_id +
                ") n’est pas celle d’un professionnel de l’annuaire de santé connu de ce portail.",
            403);
    }
    if (account->status != domain::AccountStatus::active)
        return login_page_with_error(deps, request, pending,
                                     "Ce compte est désactivé. Contactez le support de votre portail.", 403);
    return login_with(deps, request, *account, pending, domain::LoginMethod::card);
}

} // namespace esc::portal
