#include "admin/console_grant.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "admin/console_access.hpp"
#include "domain/mail.hpp"
#include "domain/registration.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "http/form.hpp"
#include "portal/account_opening.hpp"
#include "portal/outgoing_mail.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/mails.hpp"
#include "web/views/console_grant.hpp"

namespace esc::admin {

namespace {

// "899700000575" as stored, or what an RPPS (11 digits) or ADELI (9 characters) number maps to.
std::optional<std::string> national_id(const std::string& typed) {
    if ((typed.size() == 12 && typed[0] == '8') || (typed.size() == 10 && typed[0] == '0')) return typed;
    return domain::national_id_of(typed);
}

struct Found {
    domain::Professional professional;
    std::optional<domain::Account> account;
};

std::optional<Found> find(const Deps& deps, const std::string& typed) {
    auto id = typed.size() <= 20 ? national_id(typed) : std::nullopt;
    if (!id) return std::nullopt;
    auto p = deps.store.directory().find_professional(*id);
    if (!p) return std::nullopt;
    return Found{*p, deps.store.accounts().find_by_national_id(*id)};
}

web::ConsoleGrantView base_view(const Deps& deps, const ConsoleAccess& access) {
    web::ConsoleGrantView v;
    v.user = access.session.account.login;
    v.action = deps.endpoints.console_access_grant;
    v.list_url = deps.endpoints.console_access;
    v.csrf =
        web::make_csrf(web::session_csrf_binding(access.session.session.id_hash), deps.csrf_secret, deps.clock.now());
    return v;
}

// The professional's record and the services still to open (ticked when in `chosen`).
void fill(const Deps& deps, web::ConsoleGrantView& v, const Found& found, const std::vector<std::string>& chosen) {
    v.found = true;
    v.national_id = found.professional.national_id;
    domain::Account probe;
    probe.national_id = found.professional.national_id;
    const auto who = endpoints::practitioner_of(deps, found.account ? *found.account : probe);
    v.professional = found.professional.given_name + " " + found.professional.family_name;
    v.profession = who.profession.empty() ? "non renseignée" : who.profession;
    v.places = who.places.empty() ? "non renseignés" : who.places_text();
    if (found.account) {
        v.login = found.account->login;
        v.email = found.account->email;
    } else if (v.email.empty() && !found.professional.mssante_addresses.empty()) {
        v.email = found.professional.mssante_addresses.front();
    }
    for (const auto& id : deps.clients.ids()) {
        const auto& c = deps.clients.find(id)->client;
        if (!c.requires_approval) continue;
        auto current = found.account ? deps.store.access().find(found.account->id, id) : std::nullopt;
        if (current && current->state == domain::AccessState::accepted) {
            v.already.push_back(c.name);
            continue;
        }
        v.services.push_back({id, c.name, std::find(chosen.begin(), chosen.end(), id) != chosen.end()});
    }
}

http::Response grant_page(const Deps& deps, int status, const web::ConsoleGrantView& view) {
    auto r = endpoints::page(status, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

std::string service_display(const domain::Client& c) {
    return c.front_name.empty() ? c.name : c.front_name;
}

} // namespace

http::Response handle_console_grant(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, false);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto view = base_view(deps, access);
    view.national_id = params.get("national_id");
    if (params.get("done") == "1") view.message = "C’est fait : le professionnel est prévenu par e-mail.";
    if (view.national_id.empty()) return grant_page(deps, 200, view);
    auto found = find(deps, view.national_id);
    if (!found) {
        view.search_error = "Aucun professionnel de l’annuaire ne porte ce numéro : vérifiez le numéro RPPS (11 "
                            "chiffres) ou ADELI (9 caractères).";
        return grant_page(deps, 404, view);
    }
    fill(deps, view, *found, {});
    return grant_page(deps, 200, view);
}

http::Response handle_console_grant_submit(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, true);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto& form = access.form;
    auto view = base_view(deps, access);
    view.national_id = form.get("national_id");
    auto found = find(deps, view.national_id);
    if (!found) {
        view.search_error = "Aucun professionnel de l’annuaire ne porte ce numéro : cherchez-le à nouveau.";
        return grant_page(deps, 404, view);
    }
    std::vector<std::string> chosen;
    for (const auto& p : form.all())
        if (p.name == "services") chosen.push_back(p.value);
    view.email = form.get("email");
    fill(deps, view, *found, chosen);
    if (!found->account && (view.email.size() > 254 || !domain::is_mail_address(view.email)))
        view.email_error = "Saisissez une adresse électronique valide, par exemple prenom.nom@exemple.fr.";
    bool valid_services = !chosen.empty();
    for (const auto& id : chosen) {
        const auto* entry = id.size() <= 128 ? deps.clients.find(id) : nullptr;
        valid_services = valid_services && entry && entry->client.requires_approval;
    }
    if (!valid_services) view.services_error = "Cochez au moins un des services proposés.";
    if (!recent_login(deps, access))
        view.services_error = "Votre connexion est trop ancienne pour accorder un accès : reconnectez-vous.";
    if (found->account && found->account->id == access.session.account.id)
        view.services_error = "Vous ne pouvez pas vous accorder un accès : un autre administrateur le fait.";
    if (!view.email_error.empty() || !view.services_error.empty()) return grant_page(deps, 400, view);

    const auto now = deps.clock.now();
    const auto& admin = access.session.account.login;
    auto account = found->account;
    if (!account) {
        storage::NewAccount n;
        n.account.national_id = found->professional.national_id;
        n.account.email = view.email;
        n.account.email_verified = true; // set by an administrator; the password link proves it once used
        n.account.created_at = now;
        n.profile.given_name = found->professional.given_name;
        n.profile.family_name = found->professional.family_name;
        n.profile.created_at = now;
        auto opened = portal::open_account(deps, n, found->professional.given_name, found->professional.family_name);
        account = deps.store.accounts().find_by_national_id(found->professional.national_id);
        if (!account) return grant_page(deps, 409, view);
        if (opened.outcome == storage::CreateOutcome::created)
            deps.store.audit().append(endpoints::audit_entry(
                deps, request, admin, "account.create", "account:" + std::to_string(account->id), "",
                nlohmann::json{{"login", account->login}, {"national_id", account->national_id}, {"by", "console"}}
                    .dump()));
    }
    for (const auto& id : chosen) {
        const auto& client = deps.clients.find(id)->client;
        web::AccessDecisionMail mail;
        mail.greeting_name = portal::greeting_name(deps, *account);
        mail.service = service_display(client);
        mail.service_url = client.front_url;
        mail.accepted = true;
        auto current = deps.store.access().find(account->id, id);
        const auto before = current ? nlohmann::json{{"state", domain::name_of(current->state)}}.dump() : std::string();
        auto audit = endpoints::audit_entry(deps, request, admin, "access.grant",
                                            "access:" + std::to_string(account->id) + ":" + id, before,
                                            R"({"state":"accepted"})");
        deps.store.access().grant(account->id, id, admin, now,
                                  {portal::outgoing(account->email, web::render_mail(deps.pages, mail), now)}, audit);
    }
    auto r = http::Response::redirect(
        deps.endpoints.console_access_grant + "?national_id=" + found->professional.national_id + "&done=1", 303);
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::admin
