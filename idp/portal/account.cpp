#include "portal/account.hpp"

#include <map>

#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "domain/registration.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "endpoints/sso.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "portal/outgoing_mail.hpp"
#include "portal/password_rules.hpp"
#include "portal/signed_in_form.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/french_time.hpp"
#include "web/labels.hpp"
#include "web/mails.hpp"
#include "web/pages.hpp"
#include "web/request_origin.hpp"
#include "web/views/account.hpp"
#include "web/views/login.hpp"
#include "web/views/message.hpp"

namespace esc::portal {
namespace {

constexpr std::int64_t kEmailChangesPerHour = 3;

// The methods of a login in French: "password+ocra" → « Mot de passe + Calculette CPS ». Rows written
// before sessions kept their methods hold an authMode instead.
std::string method_text(const std::string& recorded) {
    static const std::map<std::string, std::string, std::less<>> kWords = {
        {"password", "Mot de passe"}, {"card", "Carte CPS"},      {"mobile", "Application e-CPS"},
        {"passkey", "Clé d’accès"},   {"ocra", "Calculette CPS"}, {"workstation_certificate", "Certificat de poste"},
        {"PASSWORD", "Mot de passe"}, {"CARD", "Carte CPS"},      {"MOBILE", "Application mobile"},
        {"CERTIFICATE", "Certificat"}};
    std::string out;
    std::size_t start = 0;
    while (start <= recorded.size()) {
        auto end = recorded.find('+', start);
        auto part = recorded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto it = kWords.find(part);
        if (it != kWords.end()) out += (out.empty() ? "" : " + ") + it->second;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out.empty() ? "Mot de passe" : out;
}

std::string method_text(const domain::AuthContext& auth) {
    return method_text(domain::joined_method_names(auth));
}

web::AccountView account_view(const Deps& deps, const endpoints::ActiveSession& s) {
    const auto& a = s.account;
    web::AccountView v;
    v.csrf = web::make_csrf(web::session_csrf_binding(s.session.id_hash), deps.csrf_secret, deps.clock.now());
    v.login = a.login;
    v.email = a.email.empty() ? "aucune" : a.email;
    v.min_length = deps.config.password.min_length;
    v.email_action = deps.endpoints.account_email;
    v.phone_action = deps.endpoints.account_phone;
    v.password_action = deps.endpoints.account_password;
    v.close_action = deps.endpoints.account_session_close;
    if (deps.config.mobile.enabled) v.authenticator_url = deps.endpoints.account_authenticator;
    if (deps.config.passkey.enabled) v.passkeys_url = deps.endpoints.account_passkeys;
    if (deps.workstation_ca) v.certificates_url = deps.endpoints.account_certificates;
    auto profile = deps.store.accounts().profile(a.id);
    if (profile) v.phone = profile->phone;
    if (auto p = deps.store.directory().find_professional(a.national_id)) {
        v.from_directory = true;
        v.identity = {{"Nom", p->family_name}, {"Prénom", p->given_name}, {"Identifiant national", p->national_id}};
        for (const auto& e : p->exercices)
            v.identity.push_back({"Profession", std::string(web::profession_label(e.codeProfession))});
    } else if (profile) {
        v.identity = {{"Nom", profile->family_name},
                      {"Prénom", profile->given_name},
                      {"Profession", profile->profession == "autre"
                                         ? std::string("Autre")
                                         : std::string(web::profession_label(profile->profession))}};
    }
    for (const auto& other : deps.store.sessions().for_account(a.id)) {
        if (other.expires_at <= deps.clock.now()) continue;
        v.sessions.push_back({other.sid, web::paris_date_time(other.created_at), web::paris_date_time(other.last_seen),
                              method_text(other.auth), other.id_hash == s.session.id_hash});
    }
    for (const auto& l : deps.store.accounts().recent_logins(a.id, 10))
        v.logins.push_back({web::paris_date_time(l.at), method_text(l.method), l.address});
    return v;
}

http::Response back_to_account(const Deps& deps) {
    auto r = http::Response::redirect(deps.endpoints.account, 303);
    r.set("Cache-Control", "no-store");
    return r;
}

http::Response show(const Deps& deps, int status, const web::AccountView& view) {
    return endpoints::page(status, deps.pages.render(view));
}

} // namespace

http::Response handle_account_page(http::Request& request, const Deps& deps) {
    auto session = endpoints::current_session(deps, request);
    if (!session) return http::Response::redirect(deps.endpoints.login, 303);
    endpoints::touch_session(deps, session->session);
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    auto view = account_view(deps, *session);
    if (params.get("fait") == "email") view.notice = "Votre nouvelle adresse e-mail est enregistrée.";
    return show(deps, 200, view);
}

http::Response handle_account_email(http::Request& request, const Deps& deps) {
    auto p = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&p)) return std::move(*r);
    auto& [s, form] = std::get<SignedInForm>(p);
    auto view = account_view(deps, s);
    std::string email = form.get("email").substr(0, 300);
    view.email_value = email;
    if (!domain::is_mail_address(email))
        view.errors["email"] = "Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).";
    else if (email == s.account.email)
        view.errors["email"] = "C’est déjà l’adresse de votre compte.";
    if (!view.errors.empty()) return show(deps, 400, view);
    const auto now = deps.clock.now();
    if (deps.store.throttle().hit_in_window("email-change:account:" + std::to_string(s.account.id), now, 3600) >
        kEmailChangesPerHour) {
        view.errors["email"] = "Trop de demandes de changement d’adresse : réessayez dans une heure.";
        return show(deps, 429, view);
    }
    const auto token = crypto::random_token(32);
    domain::AccountLink link;
    link.token_hash = crypto::sha256_b64url(token);
    link.purpose = domain::LinkPurpose::verify_email;
    link.account_id = s.account.id;
    link.email = email;
    link.created_at = now;
    link.expires_at = now + domain::link_lifetime(link.purpose);
    web::EmailChangeMail content;
    content.greeting_name = greeting_name(deps, s.account);
    content.login = s.account.login;
    content.link = public_base(deps) + deps.endpoints.account_email_verify + "?token=" + token;
    content.hours = static_cast<int>(domain::link_lifetime(link.purpose) / 3600);
    deps.store.links().issue(link, outgoing(email, web::render_mail(deps.pages, content), now));
    view.email_value.clear();
    view.notice = "Un lien de confirmation a été envoyé à " + email +
                  ". Votre adresse actuelle reste celle du compte tant qu’il n’a pas été ouvert.";
    return show(deps, 200, view);
}

http::Response handle_account_email_verify_page(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    const auto token = params.get("token").substr(0, 128);
    auto link =
        token.empty() ? std::nullopt : deps.store.links().find_usable(crypto::sha256_b64url(token), deps.clock.now());
    if (!link || link->purpose != domain::LinkPurpose::verify_email)
        return endpoints::page(400, deps.pages.render(web::MessageView{
                                        "Lien expiré ou déjà utilisé",
                                        "Ce lien de confirmation n’est plus valable. Demandez-en un nouveau depuis "
                                        "« Mon compte »."}));
    return endpoints::page(
        200, deps.pages.render(web::EmailVerifyView{deps.endpoints.account_email_verify, token, link->email}));
}

http::Response handle_account_email_verify_submit(http::Request& request, const Deps& deps) {
    if (web::is_cross_site(request, web::origin_of(deps.endpoints.issuer))) return cross_site_refused(deps);
    auto form = http::parse_form(request.body).value_or(http::FormParams{});
    const auto token = form.get("token").substr(0, 128);
    const auto hash = crypto::sha256_b64url(token);
    auto link = token.empty() ? std::nullopt : deps.store.links().find_usable(hash, deps.clock.now());
    auto account = link ? deps.store.accounts().find_by_id(link->account_id) : std::nullopt;
    // The former address hears of the change, in the transaction that makes it.
    std::optional<domain::OutboundMail> notice;
    if (account && !account->email.empty() && link->purpose == domain::LinkPurpose::verify_email) {
        web::EmailChangedMail content{greeting_name(deps, *account), account->login, link->email,
                                      web::paris_date_time(deps.clock.now())};
        notice = outgoing(account->email, web::render_mail(deps.pages, content), deps.clock.now());
    }
    if (!link || !account || link->purpose != domain::LinkPurpose::verify_email ||
        !deps.store.accounts().change_email(link->account_id, hash, deps.clock.now(), notice))
        return endpoints::page(400, deps.pages.render(web::MessageView{
                                        "Lien expiré ou déjà utilisé",
                                        "Ce lien de confirmation n’est plus valable. Demandez-en un nouveau depuis "
                                        "« Mon compte »."}));
    auto r = http::Response::redirect(deps.endpoints.account + "?fait=email", 303);
    r.set("Cache-Control", "no-store");
    return r;
}

http::Response handle_account_phone(http::Request& request, const Deps& deps) {
    auto p = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&p)) return std::move(*r);
    auto& [s, form] = std::get<SignedInForm>(p);
    const auto typed = form.get("phone").substr(0, 40);
    auto phone = typed.empty() ? std::optional<std::string>("") : domain::normalized_phone(typed);
    if (!phone) {
        auto view = account_view(deps, s);
        view.phone = typed;
        view.errors["phone"] = "Indiquez un numéro français à 10 chiffres, par exemple 03 81 00 00 00.";
        return show(deps, 400, view);
    }
    auto profile = deps.store.accounts().profile(s.account.id).value_or(domain::AccountProfile{});
    if (profile.created_at == 0) profile.created_at = deps.clock.now();
    profile.phone = *phone;
    deps.store.accounts().put_profile(s.account.id, profile);
    return back_to_account(deps);
}

http::Response handle_account_password(http::Request& request, const Deps& deps) {
    auto p = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&p)) return std::move(*r);
    auto& [s, form] = std::get<SignedInForm>(p);
    auto view = account_view(deps, s);
    // The account, not a stolen open session, changes its password: the current one first.
    if (!crypto::verify_password(s.account.password_hash, form.get("current"))) {
        view.errors["current"] = "Le mot de passe actuel est incorrect.";
        return show(deps, 400, view);
    }
    const auto password = form.get("password");
    auto check = check_new_password(deps, s.account, password, form.get("confirmation"));
    if (!check.ok()) {
        view.password_errors = check.password_errors;
        if (!check.confirmation_error.empty()) view.errors["confirmation"] = check.confirmation_error;
        return show(deps, 400, view);
    }
    store_new_password(deps, s.account, password, nullptr, s.session.id_hash);
    auto after = endpoints::current_session(deps, request);
    auto done = account_view(deps, after ? *after : s);
    done.notice = "Votre mot de passe est modifié. Vos autres sessions ont été fermées.";
    return show(deps, 200, done);
}

http::Response handle_account_session_close(http::Request& request, const Deps& deps) {
    auto p = signed_in_form(request, deps);
    if (auto* r = std::get_if<http::Response>(&p)) return std::move(*r);
    auto& [s, form] = std::get<SignedInForm>(p);
    const auto sid = form.get("session");
    for (const auto& other : deps.store.sessions().for_account(s.account.id))
        if (other.sid == sid && other.id_hash != s.session.id_hash) endpoints::close_session(deps, other);
    // Not one of this account's other sessions: nothing to do, and nothing tells which exist.
    return back_to_account(deps);
}

} // namespace esc::portal
