// The registration's review (step 4), its submission (the e-mail proof mailed) and the proof itself,
// which creates the account: login by the configured rule, the directory link, the access requests
// to process, and two mails (the login, then the link to choose a password).
#include <random>

#include "crypto/encoding.hpp"
#include "domain/address_key.hpp"
#include "domain/login_name.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "http/form.hpp"
#include "portal/access_requests.hpp"
#include "portal/account_opening.hpp"
#include "portal/login.hpp"
#include "portal/outgoing_mail.hpp"
#include "portal/registration.hpp"
#include "portal/registration_state.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/labels.hpp"
#include "web/mails.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"
#include "web/views/message.hpp"
#include "web/views/register.hpp"

namespace esc::portal {
namespace {

namespace reg = registration;
using reg::see_other;

// Submissions per client address and hour (IPv6 per /64): each one sends a mail.
constexpr std::int64_t kSubmissionsPerAddressHour = 10;

void new_challenge(domain::RegistrationDraft& d) {
    thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> digit(1, 9);
    d.challenge_a = digit(rng);
    d.challenge_b = digit(rng);
}

std::string visibility_text(const std::string& v) {
    if (v == "public") return "Publique";
    if (v == "hidden") return "Masquée";
    return "Réservée aux professionnels de santé";
}

web::RegisterReviewView review_view(const Deps& deps, const reg::Current& current) {
    const auto& d = current.draft;
    web::RegisterReviewView v;
    v.action = deps.endpoints.register_review;
    v.back_url = deps.endpoints.register_profile;
    v.details_url = deps.endpoints.register_details;
    v.profile_url = deps.endpoints.register_profile;
    v.csrf = web::make_csrf(reg::csrf_binding(current.interaction.id), deps.csrf_secret, deps.clock.now());
    const std::string profession = d.profession == domain::kOtherProfession
                                       ? std::string("Autre")
                                       : std::string(web::profession_label(d.profession));
    v.summary = {{"Civilité", d.civility == "MME" ? "Madame" : "Monsieur"},
                 {"Nom", d.family_name},
                 {"Prénom", d.given_name},
                 {"Profession", profession},
                 {"Numéro RPPS ou ADELI", d.national_id.empty() ? "—" : d.national_id},
                 {"Établissement", d.establishment.empty() ? "—" : d.establishment},
                 {"Adresse", d.street + ", " + d.postal_code + " " + d.town},
                 {"Téléphone", d.phone.empty() ? "—" : d.phone},
                 {"Adresse e-mail", d.email},
                 {"Motif", d.reason},
                 {"Visibilité dans l’annuaire", visibility_text(d.visibility)}};
    for (const auto& id : d.services)
        if (const auto* c = deps.clients.find(id))
            v.services.push_back(c->client.front_name.empty() ? c->client.name : c->client.front_name);
    for (const auto& id : d.communities)
        for (const auto& c : deps.config.communities)
            if (c.id == id) v.communities.push_back(c.name);
    v.hidden_warning = d.visibility == "hidden" && !d.services.empty();
    v.challenge_a = d.challenge_a;
    v.challenge_b = d.challenge_b;
    return v;
}

bool over_limit(const Deps& deps, const http::Request& request) {
    return deps.store.throttle().hit_in_window("register:address:" + domain::address_key(request.remote_addr),
                                               deps.clock.now(), 3600) > kSubmissionsPerAddressHour;
}

void queue_proof_mail(const Deps& deps, const reg::Current& current, const std::string& token) {
    const auto now = deps.clock.now();
    web::RegistrationVerifyMail content;
    content.greeting_name = current.draft.given_name + " " + current.draft.family_name;
    content.link =
        public_base(deps) + deps.endpoints.register_verify + "?r=" + current.interaction.id + "&token=" + token;
    content.requested_at = web::paris_date_time(now);
    content.hours = static_cast<int>(reg::kProofLifetime / 3600);
    deps.store.outbox().enqueue(outgoing(current.draft.email, web::render_mail(deps.pages, content), now));
}

// The registration the link names, waiting for this token.
std::optional<reg::Current> proof_of(const Deps& deps, const std::string& id, const std::string& token) {
    if (id.empty() || id.size() > 64 || token.empty() || token.size() > 128) return std::nullopt;
    auto interaction = deps.interactions.find(id, deps.clock.now());
    if (!interaction || interaction->state != domain::InteractionState::awaiting_email_proof) return std::nullopt;
    auto draft = domain::registration_draft_from_json(interaction->payload);
    if (!draft || draft->email_token_hash.empty() || draft->email_token_hash != crypto::sha256_b64url(token))
        return std::nullopt;
    return reg::Current{*interaction, *draft};
}

http::Response link_unusable(const Deps& deps) {
    return endpoints::page(400, deps.pages.render(web::MessageView{
                                    "Lien expiré ou déjà utilisé",
                                    "Ce lien de confirmation n’est plus valable : il a déjà servi ou plus de 48 heures "
                                    "ont passé. Si votre compte n’a pas été créé, recommencez l’inscription."}));
}

// The directory is the source of truth for a linked professional: what was typed differently is
// noted for an administrator, never taken over the directory's values.
std::string review_note(const domain::RegistrationDraft& d, const domain::Professional& p) {
    std::string note;
    if (domain::fold_name(d.family_name) != domain::fold_name(p.family_name) ||
        domain::fold_name(d.given_name) != domain::fold_name(p.given_name))
        note += "Nom saisi « " + d.given_name + " " + d.family_name + " », annuaire « " + p.given_name + " " +
                p.family_name + " ». ";
    bool profession_known = false;
    for (const auto& e : p.exercices)
        profession_known = profession_known || e.codeProfession == d.profession;
    if (!profession_known) note += "Profession saisie « " + d.profession + " » absente de l’annuaire. ";
    return note;
}

// `professional`: the directory's record of the typed national id, if any.
storage::NewAccount new_account(const Deps& deps, const domain::RegistrationDraft& d,
                                const std::optional<domain::Professional>& professional) {
    const auto now = deps.clock.now();
    storage::NewAccount n;
    if (professional) {
        n.account.national_id = professional->national_id;
        n.profile.review_note = review_note(d, *professional);
    }
    n.account.email = d.email;
    n.account.email_verified = true; // the link just proved it
    n.account.created_at = now;
    auto& p = n.profile; // review_note is set above, from the directory comparison
    p.civility = d.civility;
    p.family_name = d.family_name;
    p.given_name = d.given_name;
    p.profession = d.profession;
    p.establishment = d.establishment;
    p.street = d.street;
    p.postal_code = d.postal_code;
    p.town = d.town;
    p.phone = domain::normalized_phone(d.phone).value_or("");
    p.visibility = d.visibility;
    p.reason = d.reason;
    p.created_at = now;
    p.communities = d.communities;
    return n;
}

std::optional<std::string> create_account(const Deps& deps, const domain::RegistrationDraft& d, bool& already) {
    // The directory is the source of truth for the names of a professional it knows.
    std::optional<domain::Professional> professional;
    if (auto id = domain::national_id_of(d.national_id)) professional = deps.store.directory().find_professional(*id);
    const std::string given = professional ? professional->given_name : d.given_name;
    const std::string family = professional ? professional->family_name : d.family_name;
    auto opened = open_account(deps, new_account(deps, d, professional), given, family);
    if (opened.outcome == storage::CreateOutcome::national_id_taken) {
        already = true;
        return std::nullopt;
    }
    return opened.login;
}

} // namespace

http::Response handle_register_review_page(http::Request& request, const Deps& deps) {
    auto current = reg::current(deps, request);
    if (!current && reg::current(deps, request, domain::InteractionState::awaiting_email_proof))
        return see_other(deps.endpoints.register_sent); // already sent: back in history lands there
    if (!current) return see_other(deps.endpoints.register_card);
    if (auto step = reg::first_incomplete_step(deps, current->draft); !step.empty()) return see_other(step);
    new_challenge(current->draft);
    if (!reg::save(deps, *current)) return reg::expired_page(deps);
    return endpoints::page(200, deps.pages.render(review_view(deps, *current)));
}

http::Response handle_register_review_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto current = reg::current(deps, request);
    if (!current) return see_other(deps.endpoints.register_card);
    if (auto step = reg::first_incomplete_step(deps, current->draft); !step.empty()) return see_other(step);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    web::FieldErrors errors;
    if (!web::check_csrf(form.get("csrf"), reg::csrf_binding(current->interaction.id), deps.csrf_secret,
                         deps.clock.now()))
        errors["terms"] = web::kMsgFormExpired;
    if (form.get("terms") != "yes")
        errors["terms"] = "Acceptez les conditions générales d’utilisation pour envoyer votre demande.";
    const auto expected = std::to_string(current->draft.challenge_a + current->draft.challenge_b);
    if (current->draft.challenge_a == 0 || form.get("challenge") != expected)
        errors["challenge"] = "La réponse est incorrecte : une nouvelle question vous est posée.";
    int status = 400;
    if (errors.empty() && over_limit(deps, request)) {
        errors["challenge"] = "Trop de demandes d’inscription depuis votre connexion. Réessayez dans une heure.";
        status = 429;
    }
    if (!errors.empty()) {
        new_challenge(current->draft);
        if (!reg::save(deps, *current)) return reg::expired_page(deps);
        auto view = review_view(deps, *current);
        view.errors = errors;
        view.terms_checked = form.get("terms") == "yes";
        return endpoints::page(status, deps.pages.render(view));
    }
    // A robot that filled the honeypot sees the same page as a person; nothing is sent.
    if (!form.get("website").empty()) return see_other(deps.endpoints.register_sent);
    const auto token = crypto::random_token(32);
    current->draft.email_token_hash = crypto::sha256_b64url(token);
    current->draft.challenge_a = current->draft.challenge_b = 0;
    const auto now = deps.clock.now();
    if (!deps.store.interactions().update(current->interaction.id, domain::InteractionState::registering,
                                          domain::to_json(current->draft).dump(), now + reg::kProofLifetime, now) ||
        !deps.interactions.transition(current->interaction.id, domain::InteractionState::registering,
                                      domain::InteractionEvent::registration_submitted, now))
        return reg::expired_page(deps);
    queue_proof_mail(deps, *current, token);
    return see_other(deps.endpoints.register_sent);
}

http::Response handle_register_sent_page(http::Request& request, const Deps& deps) {
    auto current = reg::current(deps, request, domain::InteractionState::awaiting_email_proof);
    std::string text = "Un e-mail de confirmation vient d’être envoyé";
    if (current) text += " à " + current->draft.email;
    text += ". Ouvrez le lien qu’il contient dans les 48 heures pour créer votre compte : vous recevrez ensuite votre "
            "identifiant, puis un lien pour choisir votre mot de passe.";
    return endpoints::page(200, deps.pages.render(web::MessageView{"Vérifiez votre messagerie", text}));
}

http::Response handle_register_verify_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto proof = proof_of(deps, params.get("r"), params.get("token"));
    if (!proof) return link_unusable(deps);
    web::RegisterVerifyView v{deps.endpoints.register_verify, params.get("r"), params.get("token"), proof->draft.email};
    return endpoints::page(200, deps.pages.render(v));
}

http::Response handle_register_verify_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    auto proof = proof_of(deps, form.get("r"), form.get("token"));
    // Compare-and-set: of two clicks (or two nodes) one creates the account.
    if (!proof || !deps.interactions.transition(proof->interaction.id, domain::InteractionState::awaiting_email_proof,
                                                domain::InteractionEvent::email_proved, deps.clock.now()))
        return link_unusable(deps);
    bool already = false;
    auto login = create_account(deps, proof->draft, already);
    if (!login)
        return endpoints::page(409, deps.pages.render(web::MessageView{
                                        "Compte déjà existant",
                                        "Un compte Esculape existe déjà pour ce numéro RPPS ou ADELI. Utilisez « Mot "
                                        "de passe oublié » sur la page de connexion pour le retrouver."}));
    // The services asked for at registration go to their referents like a request from the portal.
    // A service reserved to other professions is not asked for (the portal would refuse it too).
    if (auto account = deps.store.accounts().find_by_login(*login)) {
        const auto codes = endpoints::practitioner_of(deps, *account).codes;
        for (const auto& id : proof->draft.services)
            if (const auto* entry = deps.clients.find(id);
                entry && entry->client.requires_approval && domain::eligible(entry->client.eligibility, codes))
                ask_access(deps, request, *account, entry->client);
    }
    auto r = endpoints::page(
        200, deps.pages.render(web::MessageView{
                 "Votre compte est créé",
                 "Votre adresse e-mail est confirmée et votre compte Esculape est créé. Vous allez recevoir deux "
                 "e-mails : votre identifiant, puis un lien pour choisir votre mot de passe. Vos demandes d’accès aux "
                 "services seront examinées par leurs référents."}));
    r.headers.push_back({"Set-Cookie", reg::clear_cookie()});
    return r;
}

} // namespace esc::portal
