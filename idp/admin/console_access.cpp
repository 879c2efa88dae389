#include "admin/console_access.hpp"

#include <charconv>

#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "http/form.hpp"
#include "portal/access_requests.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/views/message.hpp"

namespace esc::admin {

namespace {
using domain::AccessState;

std::string state_label(AccessState state) {
    switch (state) {
    case AccessState::to_process:
        return "À traiter";
    case AccessState::accepted:
        return "Acceptée";
    case AccessState::refused:
        return "Refusée";
    }
    return "";
}

std::string change_label(const domain::AccessEvent& e) {
    if (e.to == AccessState::to_process) return e.from ? "Nouvelle demande" : "Demande";
    if (e.to == AccessState::accepted)
        return !e.from                          ? "Accès accordé directement"
               : e.from == AccessState::refused ? "Acceptée après refus"
                                                : "Acceptée";
    return e.from == AccessState::accepted ? "Accès retiré" : "Refusée";
}

std::string service_name(const Deps& deps, const std::string& id) {
    const auto* entry = deps.clients.find(id);
    return entry ? entry->client.name : id;
}

std::string role_label(const ConsoleRole& role) {
    if (role.administrator) return "administrateur de la plateforme";
    if (role.helpdesk) return "support";
    return "référent";
}

std::optional<std::int64_t> number(const std::string& text) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
    return v;
}

// The territory part of the list's query: everything for administrators and helpdesk, else the
// referent's prefixes for this service and, as a default referent, the uncovered requests.
void scope(storage::AccessQuery& q, const ConsoleRole& role) {
    q.everywhere = role.sees_everything();
    for (const auto& charge : role.charges) {
        if (charge.client_id != q.client_id) continue;
        q.postal_prefixes.insert(q.postal_prefixes.end(), charge.territory.postal_prefixes.begin(),
                                 charge.territory.postal_prefixes.end());
        q.uncovered = q.uncovered || charge.is_default;
    }
}
} // namespace

bool recent_login(const Deps& deps, const ConsoleAccess& access) {
    return deps.clock.now() - access.session.session.auth.auth_time <= deps.config.console.reauth_seconds;
}

http::Response unknown_request(const Deps& deps) {
    return endpoints::page(404, deps.pages.render(web::MessageView{
                                    "Demande introuvable", "Cette demande d’accès n’existe pas ou ne relève pas de "
                                                           "votre périmètre. Revenez à la liste des demandes."}));
}

http::Response handle_console_access(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, false, ConsolePage::access);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto params = http::parse_form(request.query).value_or(http::FormParams{});
    web::ConsoleAccessListView view;
    view.user = access.session.account.login;
    view.role = role_label(access.role);
    if (access.role.administrator && !deps.config.console.administrators.empty()) {
        view.audit_url = deps.endpoints.console_audit;
        view.services_url = deps.endpoints.console_services;
        view.grant_url = deps.endpoints.console_access_grant;
    }
    const auto services = services_of(deps, access.role);
    std::string service = params.get("service");
    if (std::find(services.begin(), services.end(), service) == services.end()) {
        if (!service.empty()) view.error = "Ce service n’existe pas ou ne relève pas de votre périmètre.";
        service = services.empty() ? std::string() : services.front();
    }
    for (const auto& id : services)
        view.services.push_back({id, service_name(deps, id), id == service});
    view.state = params.get("state").empty() ? "to_process" : params.get("state");
    auto state = domain::access_state_from_name(view.state);
    if (!state && view.state != "all") {
        view.error = "Cet état n’existe pas : les demandes à traiter sont affichées.";
        view.state = "to_process";
        state = AccessState::to_process;
    }
    if (service.empty()) return endpoints::page(200, deps.pages.render(view));
    storage::AccessQuery q;
    q.client_id = service;
    q.state = state;
    q.limit = 50;
    scope(q, access.role);
    // The cursor: "<requested_at>.<account_id>" of the last row of the previous page.
    if (const auto before = params.get("before"); !before.empty()) {
        const auto dot = before.find('.');
        auto at = number(before.substr(0, dot));
        auto id = dot == std::string::npos ? std::nullopt : number(before.substr(dot + 1));
        if (at && id) {
            q.before_at = *at;
            q.before_account = *id;
        } else {
            view.error = "Le lien de la page suivante est abîmé : voici les demandes les plus récentes.";
        }
    }
    const auto rows = deps.store.access().list(q);
    for (const auto& r : rows) {
        auto account = deps.store.accounts().find_by_id(r.account_id);
        if (!account) continue;
        const auto who = endpoints::practitioner_of(deps, *account);
        view.rows.push_back({portal::access_record_path(deps, r.account_id, r.client_id), who.name,
                             who.profession.empty() ? "—" : who.profession, who.places_text(),
                             web::paris_date_time(r.requested_at), state_label(r.state), r.uncovered});
    }
    if (static_cast<int>(rows.size()) == q.limit)
        view.next_url = deps.endpoints.console_access + "?service=" + http::url_encode(service) +
                        "&state=" + view.state + "&before=" + std::to_string(rows.back().requested_at) + "." +
                        std::to_string(rows.back().account_id);
    auto r = endpoints::page(200, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

web::ConsoleAccessRecordView record_view(const Deps& deps, const ConsoleAccess& access,
                                         const domain::AccessRequest& record) {
    web::ConsoleAccessRecordView v;
    v.user = access.session.account.login;
    v.role = role_label(access.role);
    v.own = record.account_id == access.session.account.id;
    v.list_url = deps.endpoints.console_access + "?service=" + http::url_encode(record.client_id);
    v.action = deps.endpoints.console_access_record;
    v.reauth_action = deps.endpoints.console_access_reauth;
    v.reauth_minutes = deps.config.console.reauth_seconds / 60;
    v.csrf =
        web::make_csrf(web::session_csrf_binding(access.session.session.id_hash), deps.csrf_secret, deps.clock.now());
    v.account_id = std::to_string(record.account_id);
    v.service_id = record.client_id;
    v.service = service_name(deps, record.client_id);
    if (auto account = deps.store.accounts().find_by_id(record.account_id)) {
        const auto who = endpoints::practitioner_of(deps, *account);
        v.professional = who.name;
        v.national_id = account->national_id;
        v.profession = who.profession.empty() ? "non renseignée" : who.profession;
        v.email = account->email;
        v.places = who.places.empty() ? "non renseignés" : who.places_text();
    }
    v.state = std::string(domain::name_of(record.state));
    v.state_label = state_label(record.state);
    v.uncovered = record.uncovered;
    for (const auto& e : deps.store.access().history(record.account_id, record.client_id))
        v.history.push_back({web::paris_date_time(e.at), change_label(e), e.by, e.reason});
    // A refusal of an accepted access is a withdrawal: say so, as the history does.
    if (record.state == AccessState::refused && !v.history.empty()) v.state_label = v.history.back().change;
    v.may_decide = access.role.may_decide(record);
    v.needs_reauth = !recent_login(deps, access);
    v.may_resend = (access.role.helpdesk || access.role.administrator) && record.state == AccessState::to_process;
    v.may_resend_credentials = (access.role.helpdesk || access.role.administrator) && !v.own;
    return v;
}

http::Response handle_console_access_record(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, false, ConsolePage::access);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto params = http::parse_form(request.query).value_or(http::FormParams{});
    const auto account = number(params.get("account"));
    const auto service = params.get("service");
    auto record = account && service.size() <= 128 ? deps.store.access().find(*account, service) : std::nullopt;
    if (!record || !access.role.may_see(*record)) return unknown_request(deps);
    auto view = record_view(deps, access, *record);
    const auto done = params.get("done");
    if (done == "accepted") view.message = "La demande est acceptée : le professionnel en est informé par e-mail.";
    if (done == "refused") view.message = "La demande est refusée : le professionnel en est informé par e-mail.";
    if (done == "revoked") view.message = "L’accès est retiré : ses connexions au service sont fermées.";
    if (done == "resent") view.message = "La demande est renvoyée aux référents.";
    if (done == "credentials")
        view.message = "L’identifiant et un lien pour choisir un mot de passe sont envoyés à l’adresse du compte.";
    auto r = endpoints::page(200, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::admin
