#include "portal/account_opening.hpp"

#include <stdexcept>

#include "crypto/encoding.hpp"
#include "domain/login_name.hpp"
#include "endpoints/deps.hpp"
#include "portal/outgoing_mail.hpp"
#include "web/mails.hpp"

namespace esc::portal {

OpenedAccount open_account(const Deps& deps, storage::NewAccount n, const std::string& given_name,
                           const std::string& family_name) {
    const auto now = deps.clock.now();
    const std::string greeting = given_name + " " + family_name;
    const auto token = crypto::random_token(32);
    n.password_link.token_hash = crypto::sha256_b64url(token);
    n.password_link.purpose = domain::LinkPurpose::set_password;
    n.password_link.email = n.account.email;
    n.password_link.created_at = now;
    n.password_link.expires_at = now + domain::link_lifetime(domain::LinkPurpose::set_password);
    web::AccountPasswordMail password;
    password.greeting_name = greeting;
    password.link = public_base(deps) + deps.endpoints.password_reset + "?token=" + token;
    password.days = static_cast<int>(domain::link_lifetime(domain::LinkPurpose::set_password) / 86400);
    n.password_mail = outgoing(n.account.email, web::render_mail(deps.pages, password), now);
    const auto base = domain::base_login(deps.config.login_rule, given_name, family_name).value_or("utilisateur");
    for (int attempt = 0; attempt < 10; ++attempt) {
        n.account.login =
            domain::first_free_login(base, [&](const std::string& l) { return deps.store.accounts().login_taken(l); });
        web::AccountLoginMail login;
        login.greeting_name = greeting;
        login.login = n.account.login;
        login.portal_url = public_base(deps) + deps.endpoints.portal;
        n.login_mail = outgoing(n.account.email, web::render_mail(deps.pages, login), now);
        auto created = deps.store.accounts().create(n);
        if (created.outcome != storage::CreateOutcome::login_taken)
            return {created.outcome, n.account.login, created.account_id};
    }
    throw std::runtime_error("account opening: no free login after 10 attempts for " + base);
}

} // namespace esc::portal
