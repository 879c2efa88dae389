#include "admin/console_services.hpp"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "admin/console_access.hpp"
#include "domain/acr.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/views/console_services.hpp"

namespace esc::admin {

namespace {

std::string auth_method_label(domain::ClientAuthMethod m) {
    switch (m) {
    case domain::ClientAuthMethod::client_secret_basic:
        return "secret partagé (HTTP Basic)";
    case domain::ClientAuthMethod::client_secret_post:
        return "secret partagé (formulaire)";
    case domain::ClientAuthMethod::private_key_jwt:
        return "clé privée (private_key_jwt)";
    case domain::ClientAuthMethod::none:
        return "aucune (client public, PKCE)";
    }
    return "";
}

std::string policy_label(const domain::Client& c) {
    std::string text = c.requires_approval ? "sur accord d’un référent" : "ouvert aux professionnels";
    if (c.eligibility.restricts()) {
        std::string codes;
        for (const auto* list : {&c.eligibility.professions, &c.eligibility.specialties})
            for (const auto& code : *list)
                codes += (codes.empty() ? "" : ", ") + code;
        text += ", réservé aux codes " + codes;
    }
    return text;
}

std::string territory_label(const domain::Referent& r) {
    std::string text;
    if (!r.territory.departments.empty()) {
        text = "Départements";
        for (const auto& d : r.territory.departments)
            text += " " + d;
    }
    // The prefixes beyond the departments' own.
    std::string extra;
    for (const auto& p : r.territory.postal_prefixes) {
        bool from_department = false;
        for (const auto& d : r.territory.departments)
            if (auto prefixes = domain::department_prefixes(d))
                from_department =
                    from_department || std::find(prefixes->begin(), prefixes->end(), p) != prefixes->end();
        if (!from_department) extra += " " + p;
    }
    if (!extra.empty()) text += (text.empty() ? "" : " ; ") + std::string("codes postaux") + extra;
    return text.empty() ? "aucun" : text;
}

std::vector<std::string> words(std::string text) {
    std::replace(text.begin(), text.end(), ',', ' ');
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

web::ConsoleServicesView view_of(const Deps& deps, const ConsoleAccess& access, const std::string& selected) {
    web::ConsoleServicesView v;
    v.user = access.session.account.login;
    v.action = deps.endpoints.console_services;
    v.csrf =
        web::make_csrf(web::session_csrf_binding(access.session.session.id_hash), deps.csrf_secret, deps.clock.now());
    for (const auto& id : deps.clients.ids()) {
        const auto& c = deps.clients.find(id)->client;
        web::ConsoleServicesView::Service s;
        s.id = id;
        s.name = c.name;
        s.description = c.description;
        s.policy = policy_label(c);
        s.min_level = c.min_acr.empty() ? "aucun (mot de passe accepté)" : c.min_acr;
        s.front_url = c.front_url;
        s.redirect_uris = c.redirect_uris;
        s.auth_method = auth_method_label(c.auth_method);
        s.backchannel_logout_uri = c.backchannel_logout_uri;
        s.on_approval = c.requires_approval;
        for (const auto& r : deps.store.access().referents(id))
            s.referents.push_back({r.login, territory_label(r), r.is_default, r.from_file});
        if (c.requires_approval) v.approval_services.push_back({id, c.name, id == selected});
        v.services.push_back(std::move(s));
    }
    return v;
}

http::Response services_page(const Deps& deps, int status, const web::ConsoleServicesView& view) {
    auto r = endpoints::page(status, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

std::string referent_json(const domain::Referent& r) {
    return nlohmann::json{{"login", r.login},
                          {"service", r.client_id},
                          {"departments", r.territory.departments},
                          {"postal_prefixes", r.territory.postal_prefixes},
                          {"default", r.is_default}}
        .dump();
}

} // namespace

http::Response handle_console_services(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, false);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    auto view = view_of(deps, std::get<ConsoleAccess>(guarded), "");
    const auto params = http::parse_form(request.query).value_or(http::FormParams{});
    if (params.get("done") == "added") view.message = "Le référent est ajouté ; il voit dès maintenant ses demandes.";
    if (params.get("done") == "removed") view.message = "Le référent est retiré.";
    return services_page(deps, 200, view);
}

http::Response handle_console_services_submit(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, true);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto& form = access.form;
    const auto service = form.get("service");
    const auto* entry = service.size() <= 128 ? deps.clients.find(service) : nullptr;
    auto view = view_of(deps, access, service);
    view.login = form.get("login");
    view.departments = form.get("departments");
    view.postal_prefixes = form.get("postal_prefixes");
    view.is_default = form.get("default") == "1";
    if (!entry || !entry->client.requires_approval) {
        view.error = "Ce service n’existe pas ou ne demande pas d’accord : rechargez la page.";
        return services_page(deps, 400, view);
    }
    // A role change is sensitive: the administrator's login must be recent.
    if (!recent_login(deps, access)) {
        view.error = "Votre connexion est trop ancienne pour changer un rôle : déconnectez-vous, reconnectez-vous, "
                     "puis recommencez.";
        return services_page(deps, 403, view);
    }
    const auto action = form.get("action");
    const auto target = "referent:" + view.login + ":" + service;
    if (action == "remove_referent") {
        auto charges = deps.store.access().charges_of(view.login);
        auto it = std::find_if(charges.begin(), charges.end(),
                               [&](const domain::Referent& r) { return r.client_id == service && !r.from_file; });
        auto audit = endpoints::audit_entry(deps, request, access.session.account.login, "referent.remove", target,
                                            it == charges.end() ? "" : referent_json(*it), "");
        if (it == charges.end() || !deps.store.access().remove_referent(view.login, service, audit)) {
            view.error = "Ce référent n’est pas retirable ici (il n’existe pas, ou il est déclaré dans le fichier du "
                         "service).";
            return services_page(deps, 400, view);
        }
        return http::Response::redirect(deps.endpoints.console_services + "?done=removed", 303);
    }
    if (action != "add_referent") {
        view.error = "Cette action n’existe pas : utilisez les boutons de la page.";
        return services_page(deps, 400, view);
    }
    domain::Referent referent;
    referent.login = view.login;
    referent.client_id = service;
    referent.is_default = view.is_default;
    auto account = view.login.size() <= 100 ? deps.store.accounts().find_by_login(view.login) : std::nullopt;
    if (!account)
        view.login_error = "Aucun compte ne porte cet identifiant : le référent doit d’abord avoir un compte.";
    for (const auto& d : words(view.departments)) {
        auto prefixes = domain::department_prefixes(d);
        if (!prefixes) {
            view.territory_error = "« " + d + " » n’est pas un département (par exemple 44, 2A, 971).";
            break;
        }
        referent.territory.departments.push_back(d);
        referent.territory.postal_prefixes.insert(referent.territory.postal_prefixes.end(), prefixes->begin(),
                                                  prefixes->end());
    }
    for (const auto& p : words(view.postal_prefixes)) {
        if (!domain::valid_postal_prefix(p)) {
            view.territory_error = "« " + p + " » n’est pas un début de code postal (de 1 à 5 chiffres).";
            break;
        }
        referent.territory.postal_prefixes.push_back(p);
    }
    if (view.territory_error.empty() && referent.territory.empty() && !referent.is_default)
        view.territory_error = "Indiquez des départements ou des codes postaux, ou cochez « Référent par défaut ».";
    if (view.territory_error.empty() && referent.territory.postal_prefixes.size() > 200)
        view.territory_error = "Trop de territoires pour un référent (200 au plus).";
    if (!view.login_error.empty() || !view.territory_error.empty()) {
        view.error = "Le référent n’a pas été ajouté : corrigez le champ signalé dans « Ajouter un référent ».";
        return services_page(deps, 400, view);
    }
    auto audit = endpoints::audit_entry(deps, request, access.session.account.login, "referent.add", target, "",
                                        referent_json(referent));
    if (!deps.store.access().add_referent(referent, audit)) {
        view.login_error =
            "Ce compte est déjà référent de ce service : retirez-le d’abord pour changer son territoire.";
        return services_page(deps, 409, view);
    }
    return http::Response::redirect(deps.endpoints.console_services + "?done=added", 303);
}

} // namespace esc::admin
