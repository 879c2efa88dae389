#include <charconv>

#include <nlohmann/json.hpp>

#include "admin/console_access.hpp"
#include "domain/utf8.hpp"
#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/service_access.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/access_requests.hpp"
#include "portal/outgoing_mail.hpp"
#include "portal/password.hpp"
#include "web/return_to.hpp"

namespace esc::admin {

namespace {
using domain::AccessState;

constexpr std::size_t kMaxReason = 500;

std::optional<domain::AccessRequest> posted_request(const Deps& deps, const http::FormParams& form) {
    std::int64_t id = 0;
    const auto text = form.get("account");
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    const auto service = form.get("service");
    if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0 || service.empty() || service.size() > 128)
        return std::nullopt;
    return deps.store.access().find(id, service);
}

http::Response record_page(const Deps& deps, int status, web::ConsoleAccessRecordView view) {
    auto r = endpoints::page(status, deps.pages.render(view));
    r.set("Cache-Control", "no-store");
    return r;
}

// The professional learns the decision by mail, queued with it.
domain::OutboundMail decision_mail(const Deps& deps, const domain::Account& account, const domain::Client& client,
                                   AccessState from, AccessState to, const std::string& reason) {
    web::AccessDecisionMail mail;
    mail.greeting_name = portal::greeting_name(deps, account);
    mail.service = client.front_name.empty() ? client.name : client.front_name;
    mail.service_url = client.front_url;
    mail.accepted = to == AccessState::accepted;
    mail.revoked = from == AccessState::accepted;
    mail.reason = reason;
    return portal::outgoing(account.email, web::render_mail(deps.pages, mail), deps.clock.now());
}

std::string action_of(AccessState from, AccessState to) {
    if (to == AccessState::accepted) return from == AccessState::refused ? "access.reconsider" : "access.accept";
    return from == AccessState::accepted ? "access.revoke" : "access.refuse";
}

http::Response resend(const Deps& deps, const http::Request& request, const ConsoleAccess& access,
                      const domain::AccessRequest& record) {
    auto view = record_view(deps, access, record);
    if (!view.may_resend) {
        view.error = "Seuls le support et les administrateurs renvoient une demande, et seulement tant qu’elle est à "
                     "traiter.";
        return record_page(deps, 403, view);
    }
    auto account = deps.store.accounts().find_by_id(record.account_id);
    const auto* entry = deps.clients.find(record.client_id);
    if (!account || !entry) return unknown_request(deps);
    auto notice = portal::referent_mails(deps, *account, endpoints::practitioner_of(deps, *account), entry->client,
                                         record.postal_codes);
    for (const auto& m : notice.mails)
        deps.store.outbox().enqueue(m);
    deps.store.audit().append(
        endpoints::audit_entry(deps, request, access.session.account.login, "access.resend",
                               "access:" + std::to_string(record.account_id) + ":" + record.client_id, "",
                               nlohmann::json{{"notified", notice.notified}}.dump()));
    return http::Response::redirect(
        portal::access_record_path(deps, record.account_id, record.client_id) + "&done=resent", 303);
}
// Helpdesk: « Renvoyer l'identifiant » — the login and a link to choose a password, to the
// account's own address (never one typed here), a few times an hour at most.
http::Response resend_credentials(const Deps& deps, const http::Request& request, const ConsoleAccess& access,
                                  const domain::AccessRequest& record) {
    auto view = record_view(deps, access, record);
    auto account = deps.store.accounts().find_by_id(record.account_id);
    if (!view.may_resend_credentials || !account) {
        view.error = "Seuls le support et les administrateurs renvoient l’identifiant d’un autre professionnel.";
        return record_page(deps, 403, view);
    }
    if (account->email.empty()) {
        view.error = "Ce compte n’a pas d’adresse électronique : rien n’a été envoyé.";
        return record_page(deps, 409, view);
    }
    if (deps.store.throttle().hit_in_window("console-credentials:" + std::to_string(account->id), deps.clock.now(),
                                            3600) > 3) {
        view.error = "Trois envois dans l’heure déjà : attendez avant de renvoyer l’identifiant.";
        return record_page(deps, 429, view);
    }
    portal::send_reset_link(deps, *account);
    deps.store.audit().append(endpoints::audit_entry(
        deps, request, access.session.account.login, "account.resend_credentials",
        "account:" + std::to_string(account->id), "", nlohmann::json{{"to", account->email}}.dump()));
    return http::Response::redirect(
        portal::access_record_path(deps, record.account_id, record.client_id) + "&done=credentials", 303);
}
} // namespace

http::Response handle_console_access_decide(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, true, ConsolePage::access);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    const auto& form = access.form;
    auto record = posted_request(deps, form);
    if (!record || !access.role.may_see(*record)) return unknown_request(deps);
    const auto decision = form.get("decision");
    if (decision == "resend") return resend(deps, request, access, *record);
    if (decision == "resend_credentials") return resend_credentials(deps, request, access, *record);

    auto view = record_view(deps, access, *record);
    view.reason = form.get("reason");
    if (!access.role.may_decide(*record)) {
        view.error = record->account_id == access.session.account.id
                         ? "C’est votre propre demande : un autre référent ou un administrateur en décide."
                         : "Vous pouvez consulter cette demande, mais seul un référent en charge ou un administrateur "
                           "décide.";
        return record_page(deps, 403, view);
    }
    if (!recent_login(deps, access)) {
        view.error = "Votre connexion est trop ancienne pour décider : reconnectez-vous, puis recommencez.";
        return record_page(deps, 403, view);
    }
    if (view.reason.size() > kMaxReason || !domain::is_valid_utf8(view.reason)) {
        view.error = "Le motif est trop long (500 caractères au plus) : raccourcissez-le.";
        return record_page(deps, 400, view);
    }
    const auto expected = domain::access_state_from_name(form.get("expected"));
    const auto target = decision == "accept"   ? std::optional(AccessState::accepted)
                        : decision == "refuse" ? std::optional(AccessState::refused)
                                               : std::nullopt;
    if (!expected || !target) {
        view.error = "Cette décision n’existe pas : choisissez l’un des boutons ci-dessous.";
        return record_page(deps, 400, view);
    }
    // Another referent decided meanwhile (or the page is old): show what it is now, decide nothing.
    if (*expected != record->state || !domain::may_decide(*expected, *target)) {
        view.error = "Cette demande a changé depuis l’affichage de la page (elle est maintenant « " + view.state_label +
                     " ») : rien n’a été modifié. Vérifiez son état avant de décider.";
        return record_page(deps, 409, view);
    }
    auto account = deps.store.accounts().find_by_id(record->account_id);
    const auto* entry = deps.clients.find(record->client_id);
    if (!account || !entry) return unknown_request(deps);
    std::vector<domain::OutboundMail> mails;
    if (!account->email.empty())
        mails.push_back(decision_mail(deps, *account, entry->client, *expected, *target, view.reason));
    const auto before = nlohmann::json{{"state", domain::name_of(*expected)}}.dump();
    const auto after = nlohmann::json{{"state", domain::name_of(*target)}, {"reason", view.reason}}.dump();
    auto audit =
        endpoints::audit_entry(deps, request, access.session.account.login, action_of(*expected, *target),
                               "access:" + std::to_string(record->account_id) + ":" + record->client_id, before, after);
    if (!deps.store.access().decide(record->account_id, record->client_id, *expected, *target,
                                    access.session.account.login, view.reason, deps.clock.now(), mails, audit)) {
        auto now_view =
            record_view(deps, access, deps.store.access().find(record->account_id, record->client_id).value());
        now_view.reason = view.reason;
        now_view.error =
            "Un autre référent vient de traiter cette demande : rien n’a été modifié. Voici son état actuel.";
        return record_page(deps, 409, now_view);
    }
    const std::string done = *target == AccessState::accepted     ? "accepted"
                             : *expected == AccessState::accepted ? "revoked"
                                                                  : "refused";
    auto r = http::Response::redirect(
        portal::access_record_path(deps, record->account_id, record->client_id) + "&done=" + done, 303);
    r.set("Cache-Control", "no-store");
    return r;
}

// « Me reconnecter »: the session ends here and the login page comes back to the request.
http::Response handle_console_access_reauth(http::Request& request, const Deps& deps) {
    auto guarded = console_access(request, deps, true, ConsolePage::access);
    if (auto* refused = std::get_if<http::Response>(&guarded)) return std::move(*refused);
    const auto& access = std::get<ConsoleAccess>(guarded);
    auto record = posted_request(deps, access.form);
    const std::string back = record && access.role.may_see(*record)
                                 ? portal::access_record_path(deps, record->account_id, record->client_id)
                                 : deps.endpoints.console_access;
    auto r = http::Response::redirect(deps.endpoints.login, 303);
    r.headers.push_back({"Set-Cookie", endpoints::close_session(deps, access.session.session)});
    r.headers.push_back({"Set-Cookie", web::return_cookie(back)});
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::admin
