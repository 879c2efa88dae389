#include "portal/outgoing_mail.hpp"

#include "endpoints/deps.hpp"
#include "web/request_origin.hpp"

namespace esc::portal {

domain::OutboundMail outgoing(const std::string& recipient, const web::RenderedMail& rendered, domain::UnixTime now) {
    domain::OutboundMail mail;
    mail.recipient = recipient;
    mail.subject = rendered.subject;
    mail.text = rendered.text;
    mail.html = rendered.html;
    mail.created_at = now;
    mail.next_attempt_at = now;
    return mail;
}

std::string public_base(const Deps& deps) {
    if (!deps.config.mail.public_url.empty()) return deps.config.mail.public_url;
    return web::origin_of(deps.endpoints.issuer);
}

std::string greeting_name(const Deps& deps, const domain::Account& account) {
    if (auto p = deps.store.directory().find_professional(account.national_id))
        if (!p->family_name.empty()) return p->given_name + " " + p->family_name;
    if (auto profile = deps.store.accounts().profile(account.id))
        if (!profile->family_name.empty()) return profile->given_name + " " + profile->family_name;
    return account.login;
}

} // namespace esc::portal
