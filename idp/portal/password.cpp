#include "portal/password.hpp"

#include "crypto/encoding.hpp"
#include "domain/address_key.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/outgoing_mail.hpp"
#include "portal/password_rules.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/mails.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/login.hpp"
#include "web/views/message.hpp"
#include "web/views/password_forgot.hpp"
#include "web/views/password_set.hpp"

namespace esc::portal {
namespace {

constexpr std::size_t kMaxIdentifier = 254;
// Mails per account and per hour: enough for a professional who retries, too few to flood a mailbox.
constexpr std::int64_t kMailsPerAccountHour = 3;
// Requests per client address and per hour (IPv6 per /64): a script cannot enumerate at will.
constexpr std::int64_t kRequestsPerAddressHour = 20;
constexpr domain::UnixTime kHour = 3600;

// The forgot form is bound to the browser's pre-login cookie, like the login form.
std::string forgot_binding(const std::string& pre_login_key) {
    return web::login_csrf_binding("password-forgot", pre_login_key);
}

std::string reset_binding(const std::string& link_hash) {
    return "password-reset:" + link_hash;
}

bool over_limit(const Deps& deps, const std::string& key, std::int64_t limit) {
    return deps.store.throttle().hit_in_window(key, deps.clock.now(), kHour) > limit;
}

} // namespace

void send_reset_link(const Deps& deps, const domain::Account& account) {
    const auto now = deps.clock.now();
    const auto token = crypto::random_token(32);
    domain::AccountLink link;
    link.token_hash = crypto::sha256_b64url(token);
    link.purpose = domain::LinkPurpose::reset_password;
    link.account_id = account.id;
    link.email = account.email;
    link.created_at = now;
    link.expires_at = now + domain::link_lifetime(link.purpose);
    web::PasswordResetMail content;
    content.greeting_name = greeting_name(deps, account);
    content.login = account.login;
    content.link = public_base(deps) + deps.endpoints.password_reset + "?token=" + token;
    content.requested_at = web::paris_date_time(now);
    content.minutes = static_cast<int>(domain::link_lifetime(link.purpose) / 60);
    deps.store.links().issue(link, outgoing(account.email, web::render_mail(deps.pages, content), now));
}

namespace {

web::PasswordForgotView forgot_view(const Deps& deps, const std::string& pre_login_key) {
    web::PasswordForgotView v;
    v.action = deps.endpoints.password_forgot;
    v.login_url = deps.endpoints.login;
    v.csrf = web::make_csrf(forgot_binding(pre_login_key), deps.csrf_secret, deps.clock.now());
    v.minutes = static_cast<int>(domain::link_lifetime(domain::LinkPurpose::reset_password) / 60);
    return v;
}

http::Response forgot_page(const Deps& deps, int status, const web::PasswordForgotView& view,
                           const std::string& pre_login_key) {
    auto r = endpoints::page(status, deps.pages.render(view));
    r.headers.push_back({"Set-Cookie", web::pre_login_cookie(pre_login_key)});
    return r;
}

http::Response link_unusable(const Deps& deps) {
    return endpoints::page(
        400, deps.pages.render(web::MessageView{
                 "Lien expiré ou déjà utilisé",
                 "Ce lien de réinitialisation n’est plus valable : il a déjà servi ou plus de 30 minutes ont passé. "
                 "Demandez-en un nouveau depuis « Mot de passe oublié » sur la page de connexion."}));
}

struct LinkedAccount {
    domain::AccountLink link;
    domain::Account account;
};

// A usable reset (or first-password) link and its active account.
std::optional<LinkedAccount> usable_link(const Deps& deps, const std::string& token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    auto link = deps.store.links().find_usable(crypto::sha256_b64url(token), deps.clock.now());
    if (!link || link->purpose == domain::LinkPurpose::verify_email) return std::nullopt;
    auto account = deps.store.accounts().find_by_id(link->account_id);
    if (!account || account->status == domain::AccountStatus::disabled) return std::nullopt;
    return LinkedAccount{*link, *account};
}

web::PasswordSetView reset_view(const Deps& deps, const LinkedAccount& linked, const std::string& token) {
    web::PasswordSetView v;
    const bool first = linked.link.purpose == domain::LinkPurpose::set_password;
    v.heading = first ? "Choisir votre mot de passe" : "Choisir un nouveau mot de passe";
    v.intro = "Compte Esculape : " + linked.account.login + ".";
    v.action = deps.endpoints.password_reset;
    v.csrf = web::make_csrf(reset_binding(linked.link.token_hash), deps.csrf_secret, deps.clock.now());
    v.hidden = {{"token", token}};
    v.login = linked.account.login;
    v.min_length = deps.config.password.min_length;
    return v;
}

} // namespace

http::Response handle_password_forgot_page(http::Request& request, const Deps& deps) {
    auto key = web::pre_login_key(request);
    if (key.empty()) key = web::new_pre_login_key();
    return forgot_page(deps, 200, forgot_view(deps, key), key);
}

http::Response handle_password_forgot_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    auto key = web::pre_login_key(request);
    const bool new_key = key.empty();
    if (new_key) key = web::new_pre_login_key();
    auto view = forgot_view(deps, key);
    view.identifier = http::trimmed_field(fields.get("identifier"), kMaxIdentifier);
    if (new_key || !web::check_csrf(fields.get("csrf"), forgot_binding(key), deps.csrf_secret, deps.clock.now())) {
        view.error = web::kMsgFormExpired;
        return forgot_page(deps, 400, view, key);
    }
    if (view.identifier.empty()) {
        view.error = "Indiquez votre identifiant ou l’adresse e-mail de votre compte.";
        return forgot_page(deps, 400, view, key);
    }
    if (over_limit(deps, "reset:address:" + domain::address_key(request.remote_addr), kRequestsPerAddressHour)) {
        view.error = "Trop de demandes ont été faites depuis votre connexion. Réessayez dans une heure.";
        auto r = forgot_page(deps, 429, view, key);
        r.set("Retry-After", std::to_string(kHour));
        return r;
    }
    view.sent = true;
    // The honeypot: a person never fills it; a robot gets the same answer and nothing is sent.
    if (!fields.get("website").empty()) return forgot_page(deps, 200, view, key);
    std::vector<domain::Account> accounts;
    if (auto by_login = deps.store.accounts().find_by_login(view.identifier))
        accounts.push_back(*by_login);
    else if (auto by_alias = deps.store.accounts().find_by_alias(view.identifier))
        accounts.push_back(*by_alias);
    else if (view.identifier.find('@') != std::string::npos)
        accounts = deps.store.accounts().find_by_email(view.identifier);
    for (const auto& account : accounts) {
        if (account.status == domain::AccountStatus::disabled || account.email.empty()) continue;
        if (over_limit(deps, "reset:account:" + std::to_string(account.id), kMailsPerAccountHour)) continue;
        send_reset_link(deps, account);
    }
    return forgot_page(deps, 200, view, key);
}

http::Response handle_password_reset_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    const auto token = params.get("token");
    auto linked = usable_link(deps, token);
    if (!linked) return link_unusable(deps);
    return endpoints::page(200, deps.pages.render(reset_view(deps, *linked, token)));
}

http::Response handle_password_reset_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    const auto token = fields.get("token");
    auto linked = usable_link(deps, token);
    if (!linked) return link_unusable(deps);
    auto view = reset_view(deps, *linked, token);
    if (!web::check_csrf(fields.get("csrf"), reset_binding(linked->link.token_hash), deps.csrf_secret,
                         deps.clock.now())) {
        view.form_error = web::kMsgFormExpired;
        return endpoints::page(400, deps.pages.render(view));
    }
    const auto password = fields.get("password");
    auto check = check_new_password(deps, linked->account, password, fields.get("confirmation"));
    if (!check.ok()) {
        view.password_errors = check.password_errors;
        view.confirmation_error = check.confirmation_error;
        return endpoints::page(400, deps.pages.render(view));
    }
    if (!store_new_password(deps, linked->account, password, &linked->link)) return link_unusable(deps);
    // A lockout earned by the forgotten password ends with it.
    deps.throttle.record_success(linked->account.login, request.remote_addr);
    return endpoints::page(
        200, deps.pages.render(
                 web::MessageView{"Mot de passe enregistré",
                                  "Votre nouveau mot de passe est enregistré. Par sécurité, votre compte a été "
                                  "déconnecté de tous les appareils : connectez-vous avec ce nouveau mot de passe."}));
}

} // namespace esc::portal
