// The registration wizard's first three steps; the review and the e-mail proof are in
// registration_submit.cpp. Each POST keeps what was typed in the stored draft, valid or not.
#include "portal/registration.hpp"

#include <algorithm>

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/registration_state.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/labels.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"
#include "web/views/register.hpp"

namespace esc::portal {
namespace {

namespace reg = registration;
using reg::see_other;

constexpr std::size_t kMaxField = 1000; // stored drafts stay small whatever is posted

// The card's national id when a verified certificate names one.
std::optional<std::string> card_national_id(const http::Request& request) {
    if (!request.client_cert || !request.client_cert->verified) return std::nullopt;
    return domain::national_id_from_subject(request.client_cert->subject);
}

std::string csrf_for(const Deps& deps, const std::string& id) {
    return web::make_csrf(reg::csrf_binding(id), deps.csrf_secret, deps.clock.now());
}

bool csrf_ok(const Deps& deps, const std::string& id, const http::FormParams& form) {
    return web::check_csrf(form.get("csrf"), reg::csrf_binding(id), deps.csrf_secret, deps.clock.now());
}

// A step's page for a registration that is not (or no longer) at that step.
std::optional<http::Response> misplaced(const Deps& deps, const http::Request& request,
                                        std::optional<reg::Current>& current, bool (*reached)(const reg::Current&)) {
    current = reg::current(deps, request);
    if (!current) {
        if (reg::current(deps, request, domain::InteractionState::awaiting_email_proof))
            return see_other(deps.endpoints.register_sent);
        return see_other(deps.endpoints.register_card);
    }
    if (!reached(*current)) return see_other(reg::first_incomplete_step(deps, current->draft));
    return std::nullopt;
}

// --- step 1: card ---------------------------------------------------------------------------

web::RegisterCardView card_view(const Deps& deps, const http::Request& request, const std::string& key) {
    web::RegisterCardView v;
    v.action = deps.endpoints.register_card;
    v.login_url = deps.endpoints.login;
    v.csrf = web::make_csrf(web::login_csrf_binding("register", key), deps.csrf_secret, deps.clock.now());
    if (request.client_cert && request.client_cert->verified) {
        v.card_subject = request.client_cert->subject;
        if (auto id = card_national_id(request)) {
            v.card_national_id = *id;
            v.card_known = deps.store.directory().find_professional(*id).has_value();
        }
    }
    return v;
}

// --- step 2: details -----------------------------------------------------------------------

constexpr const char* kDetailFields[] = {
    "civility",    "family_name", "given_name", "profession", "national_id",        "establishment", "street",
    "postal_code", "town",        "phone",      "email",      "email_confirmation", "reason",        "visibility"};

std::string* field_of(domain::RegistrationDraft& d, std::string_view name) {
    std::pair<std::string_view, std::string*> fields[] = {{"civility", &d.civility},
                                                          {"family_name", &d.family_name},
                                                          {"given_name", &d.given_name},
                                                          {"profession", &d.profession},
                                                          {"national_id", &d.national_id},
                                                          {"establishment", &d.establishment},
                                                          {"street", &d.street},
                                                          {"postal_code", &d.postal_code},
                                                          {"town", &d.town},
                                                          {"phone", &d.phone},
                                                          {"email", &d.email},
                                                          {"email_confirmation", &d.email_confirmation},
                                                          {"reason", &d.reason},
                                                          {"visibility", &d.visibility}};
    for (auto& [n, p] : fields)
        if (n == name) return p;
    return nullptr;
}

// A card read at step 1 fills what the directory knows, once, without overwriting what was typed.
void prefill_from_card(const Deps& deps, domain::RegistrationDraft& d) {
    if (d.card_national_id.empty()) return;
    auto p = deps.store.directory().find_professional(d.card_national_id);
    if (!p) return;
    if (d.family_name.empty()) d.family_name = p->family_name;
    if (d.given_name.empty()) d.given_name = p->given_name;
    if (d.civility.empty() && (p->codeCivilite == "M" || p->codeCivilite == "MME")) d.civility = p->codeCivilite;
    if (d.profession.empty() && !p->exercices.empty()) d.profession = p->exercices.front().codeProfession;
    if (d.national_id.empty()) d.national_id = p->identifier;
}

web::RegisterDetailsView details_view(const Deps& deps, const reg::Current& current) {
    web::RegisterDetailsView v;
    v.action = deps.endpoints.register_details;
    v.back_url = deps.endpoints.register_card;
    v.csrf = csrf_for(deps, current.interaction.id);
    auto draft = current.draft;
    for (const char* name : kDetailFields)
        v.values[name] = *field_of(draft, name);
    if (!current.draft.card_national_id.empty() &&
        deps.store.directory().find_professional(current.draft.card_national_id))
        v.directory_id = current.draft.card_national_id;
    return v;
}

// Rules that need the store or the nomenclature, after the draft's own (domain::check_details).
void check_against_directory(const Deps& deps, const domain::RegistrationDraft& d, web::FieldErrors& errors) {
    if (!d.profession.empty() && d.profession != domain::kOtherProfession &&
        web::profession_label(d.profession).empty())
        errors["profession"] = "Choisissez une profession de la liste.";
    if (errors.count("national_id") || d.national_id.empty()) return;
    const auto id = domain::national_id_of(d.national_id);
    if (!deps.store.directory().find_professional(*id))
        errors["national_id"] = "Ce numéro ne figure pas dans l’annuaire national. Vérifiez-le, ou laissez le champ "
                                "vide si vous n’êtes pas enregistré dans l’annuaire.";
    else if (deps.store.accounts().find_by_national_id(*id))
        errors["national_id"] = "Un compte Esculape existe déjà pour ce numéro. Utilisez « Mot de passe oublié » sur "
                                "la page de connexion pour le retrouver.";
}

// --- step 3: services ----------------------------------------------------------------------

web::RegisterProfileView profile_view(const Deps& deps, const reg::Current& current) {
    web::RegisterProfileView v;
    v.action = deps.endpoints.register_profile;
    v.back_url = deps.endpoints.register_details;
    v.csrf = csrf_for(deps, current.interaction.id);
    for (const auto& id : reg::requestable_services(deps, current.draft.profession)) {
        const auto& c = deps.clients.find(id)->client;
        const auto& chosen = current.draft.services;
        v.services.push_back({id, c.front_name.empty() ? c.name : c.front_name, "",
                              std::find(chosen.begin(), chosen.end(), id) != chosen.end()});
    }
    const auto& joined = current.draft.communities;
    for (const auto& c : deps.config.communities)
        v.communities.push_back(
            {c.id, c.name, c.description, std::find(joined.begin(), joined.end(), c.id) != joined.end()});
    return v;
}

} // namespace

http::Response handle_register_card_page(http::Request& request, const Deps& deps) {
    auto key = web::pre_login_key(request);
    if (key.empty()) key = web::new_pre_login_key();
    auto r = endpoints::page(200, deps.pages.render(card_view(deps, request, key)));
    r.headers.push_back({"Set-Cookie", web::pre_login_cookie(key)});
    return r;
}

// Starts (or resumes) the draft: nothing is stored before this POST.
http::Response handle_register_card_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    const auto key = web::pre_login_key(request);
    auto view = card_view(deps, request, key.empty() ? web::new_pre_login_key() : key);
    if (key.empty() || !web::check_csrf(form.get("csrf"), web::login_csrf_binding("register", key), deps.csrf_secret,
                                        deps.clock.now())) {
        view.error = web::kMsgFormExpired;
        return endpoints::page(400, deps.pages.render(view));
    }
    auto current = reg::current(deps, request);
    const auto card = card_national_id(request);
    if (current) {
        current->draft.card_national_id = card.value_or("");
        current->draft.card_step_done = true;
        if (!reg::save(deps, *current)) return reg::expired_page(deps);
        return see_other(deps.endpoints.register_details);
    }
    domain::RegistrationDraft draft;
    draft.card_national_id = card.value_or("");
    draft.card_step_done = true;
    auto created = deps.interactions.create_registration(domain::to_json(draft).dump(), request.remote_addr,
                                                         deps.clock.now(), reg::kDraftLifetime);
    if (!created) {
        view.error = "Trop de demandes depuis votre connexion. Réessayez dans une minute.";
        return endpoints::page(429, deps.pages.render(view));
    }
    return see_other(deps.endpoints.register_details, reg::set_cookie(created->id));
}

http::Response handle_register_details_page(http::Request& request, const Deps& deps) {
    std::optional<reg::Current> current;
    if (auto r = misplaced(deps, request, current, [](const reg::Current& c) { return c.draft.card_step_done; }))
        return *r;
    prefill_from_card(deps, current->draft);
    return endpoints::page(200, deps.pages.render(details_view(deps, *current)));
}

http::Response handle_register_details_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    std::optional<reg::Current> current;
    if (auto r = misplaced(deps, request, current, [](const reg::Current& c) { return c.draft.card_step_done; }))
        return *r;
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    for (const char* name : kDetailFields)
        *field_of(current->draft, name) = http::trimmed_field(form.get(name), kMaxField);
    auto& d = current->draft;
    if (!d.national_id.empty())
        std::transform(d.national_id.begin(), d.national_id.end(), d.national_id.begin(), ::toupper);
    web::FieldErrors errors;
    const bool csrf = csrf_ok(deps, current->interaction.id, form);
    if (csrf) {
        errors = domain::check_details(d);
        check_against_directory(deps, d, errors);
    }
    d.details_done = csrf && errors.empty();
    // What was typed is kept, valid or not: going back or reloading shows it again.
    if (!reg::save(deps, *current)) return reg::expired_page(deps);
    if (d.details_done) return see_other(deps.endpoints.register_profile);
    auto view = details_view(deps, *current);
    view.errors = errors;
    if (!csrf) view.form_error = web::kMsgFormExpired;
    return endpoints::page(400, deps.pages.render(view));
}

http::Response handle_register_profile_page(http::Request& request, const Deps& deps) {
    std::optional<reg::Current> current;
    if (auto r = misplaced(deps, request, current, [](const reg::Current& c) { return c.draft.details_done; }))
        return *r;
    return endpoints::page(200, deps.pages.render(profile_view(deps, *current)));
}

http::Response handle_register_profile_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    std::optional<reg::Current> current;
    if (auto r = misplaced(deps, request, current, [](const reg::Current& c) { return c.draft.details_done; }))
        return *r;
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    auto& d = current->draft;
    d.services.clear();
    d.communities.clear();
    for (const auto& p : form.all()) {
        auto* list = p.name == "services" ? &d.services : p.name == "communities" ? &d.communities : nullptr;
        if (list && std::find(list->begin(), list->end(), p.value) == list->end() && list->size() < 50)
            list->push_back(p.value.substr(0, 100));
    }
    const bool csrf = csrf_ok(deps, current->interaction.id, form);
    std::vector<std::string> community_ids;
    for (const auto& c : deps.config.communities)
        community_ids.push_back(c.id);
    auto errors = domain::check_profile(d, reg::requestable_services(deps, d.profession), community_ids);
    d.profile_done = csrf && errors.empty();
    if (!errors.empty()) { // an unknown id is never kept
        d.services.clear();
        d.communities.clear();
    }
    if (!reg::save(deps, *current)) return reg::expired_page(deps);
    if (d.profile_done) return see_other(deps.endpoints.register_review);
    auto view = profile_view(deps, *current);
    view.error = csrf ? errors.begin()->second : std::string(web::kMsgFormExpired);
    return endpoints::page(400, deps.pages.render(view));
}

} // namespace esc::portal
