#include "portal/registration_state.hpp"

#include <nlohmann/json.hpp>

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/cookies.hpp"
#include "web/pages.hpp"
#include "web/views/message.hpp"

namespace esc::portal::registration {

std::optional<Current> current(const Deps& deps, const http::Request& request, domain::InteractionState state) {
    const auto id = http::cookie_value(request.header("Cookie"), kCookie);
    if (id.empty() || id.size() > 64) return std::nullopt;
    auto interaction = deps.interactions.find(id, deps.clock.now());
    if (!interaction || interaction->state != state) return std::nullopt;
    auto draft = domain::registration_draft_from_json(interaction->payload);
    if (!draft) return std::nullopt;
    return Current{*interaction, *draft};
}

bool save(const Deps& deps, const Current& reg) {
    const auto now = deps.clock.now();
    return deps.store.interactions().update(reg.interaction.id, domain::InteractionState::registering,
                                            domain::to_json(reg.draft).dump(), now + kDraftLifetime, now);
}

std::string csrf_binding(const std::string& registration_id) {
    return "register\n" + registration_id;
}

std::string set_cookie(const std::string& registration_id) {
    http::CookieOptions options;
    options.max_age = static_cast<int>(kProofLifetime);
    return http::set_cookie(kCookie, registration_id, options);
}

std::string clear_cookie() {
    http::CookieOptions options;
    options.max_age = 0;
    return http::set_cookie(kCookie, "", options);
}

std::string first_incomplete_step(const Deps& deps, const domain::RegistrationDraft& draft) {
    if (!draft.card_step_done) return deps.endpoints.register_card;
    if (!draft.details_done) return deps.endpoints.register_details;
    if (!draft.profile_done) return deps.endpoints.register_profile;
    return "";
}

http::Response see_other(const std::string& location, std::string cookie) {
    auto r = http::Response::redirect(location, 303);
    if (!cookie.empty()) r.headers.push_back({"Set-Cookie", std::move(cookie)});
    r.set("Cache-Control", "no-store");
    return r;
}

http::Response expired_page(const Deps& deps) {
    return endpoints::page(
        400, deps.pages.render(web::MessageView{
                 "Inscription introuvable",
                 "Cette demande d’inscription a expiré ou a déjà été envoyée. Vous pouvez recommencer depuis "
                 "« Créer un compte » sur la page de connexion."}));
}

std::vector<std::string> requestable_services(const Deps& deps, const std::string& profession) {
    std::vector<std::string> ids;
    // An open service needs no request: only those on approval are offered, and only to the
    // professions they admit (specialties are not asked at registration: a service restricted to
    // specialties is asked for from the portal, once the directory is known).
    const domain::PractitionerCodes codes{{profession}, {}};
    for (const auto& id : deps.clients.ids())
        if (const auto& c = deps.clients.find(id)->client;
            !c.front_url.empty() && c.requires_approval && domain::eligible(c.eligibility, codes))
            ids.push_back(id);
    return ids;
}

} // namespace esc::portal::registration
