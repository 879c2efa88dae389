#include "portal/access_requests.hpp"

#include <nlohmann/json.hpp>

#include "endpoints/audit_entry.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/service_access.hpp"
#include "http/form.hpp"
#include "portal/outgoing_mail.hpp"

namespace esc::portal {

std::string access_record_path(const Deps& deps, std::int64_t account_id, const std::string& client_id) {
    return deps.endpoints.console_access_record + "?account=" + std::to_string(account_id) +
           "&service=" + http::url_encode(client_id);
}

ReferentMails referent_mails(const Deps& deps, const domain::Account& account, const endpoints::Practitioner& who,
                             const domain::Client& client, const std::vector<std::string>& postal_codes) {
    const auto now = deps.clock.now();
    auto routing = domain::route_request(deps.store.access().referents(client.id), client.id, postal_codes);
    // A service without any referent for this request: the platform administrators decide it.
    if (routing.logins.empty()) routing.logins = deps.config.console.administrators;
    ReferentMails out;
    out.uncovered = routing.uncovered;
    web::AccessRequestMail mail;
    mail.service = client.name;
    mail.professional = who.name;
    mail.profession = who.profession.empty() ? "profession non renseignée" : who.profession;
    mail.email = account.email;
    mail.places = who.places.empty() ? "non renseignés" : who.places_text();
    mail.record_url = public_base(deps) + access_record_path(deps, account.id, client.id);
    mail.uncovered = routing.uncovered;
    for (const auto& login : routing.logins) {
        auto referent = deps.store.accounts().find_by_login(login);
        if (!referent || referent->email.empty() || referent->status != domain::AccountStatus::active) continue;
        mail.referent_name = greeting_name(deps, *referent);
        out.mails.push_back(outgoing(referent->email, web::render_mail(deps.pages, mail), now));
        out.notified.push_back(login);
    }
    return out;
}

storage::RequestOutcome ask_access(const Deps& deps, const http::Request& request, const domain::Account& account,
                                   const domain::Client& client) {
    domain::AccessRequest access;
    access.account_id = account.id;
    access.client_id = client.id;
    access.requested_at = deps.clock.now();
    const auto who = endpoints::practitioner_of(deps, account);
    access.postal_codes = who.postal_codes();
    auto notice = referent_mails(deps, account, who, client, access.postal_codes);
    access.uncovered = notice.uncovered;
    nlohmann::json after{{"state", "to_process"},
                         {"postal_codes", access.postal_codes},
                         {"uncovered", access.uncovered},
                         {"notified", notice.notified}};
    auto audit = endpoints::audit_entry(deps, request, account.login, "access.request",
                                        "access:" + std::to_string(account.id) + ":" + client.id, "", after.dump());
    return deps.store.access().request(access, notice.mails, audit);
}

} // namespace esc::portal
