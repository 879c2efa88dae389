// Login and step-up by CPS calculator (OATH OCRA, RFC 6287): the page shows a numeric challenge,
// the pocket card reader computes the response from the card's secret, the professional types it.
// The challenge travels in a token signed with the server's secret and bound to this browser's
// login form, so showing one stores nothing and costs nothing to anyone who asks: the page is the
// same whether the login names an account or not. Each challenge gets exactly one answer (a
// response seen once cannot be replayed, and a wrong answer gets a new challenge), and failures
// go through the login throttle under their own key.
#include <iostream>

#include "crypto/encoding.hpp"
#include "crypto/key_wrap.hpp"
#include "crypto/ocra.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "portal/login.hpp"
#include "storage/account_lookup.hpp"
#include "web/browser_binding.hpp"
#include "web/csrf.hpp"
#include "web/signed_challenge.hpp"
#include "web/views/ocra.hpp"

namespace esc::portal {

namespace {

constexpr const char* kWrongAnswer =
    "Réponse incorrecte. Un nouveau défi est affiché : tapez-le dans votre lecteur et recopiez sa réponse.";

const crypto::OcraSuite& suite(const Deps& deps) {
    // Validated at start-up (config/ocra_section.cpp); parsed once per process.
    static const crypto::OcraSuite parsed = *crypto::parse_ocra_suite(deps.config.ocra.suite);
    return parsed;
}

std::string binding(const endpoints::Interaction* pending, const http::Request& request, const std::string& login) {
    return "ocra|" + (pending ? pending->id : std::string()) + "|" + web::pre_login_key(request) + "|" + login;
}

std::string sign_challenge(const Deps& deps, const http::Request& request, const endpoints::Interaction* pending,
                           const std::string& login, const std::string& challenge) {
    return web::sign_challenge(challenge, binding(pending, request, login), deps.csrf_secret, deps.clock.now());
}

http::Response challenge_page(const Deps& deps, const http::Request& request, const endpoints::Interaction* pending,
                              const std::string& login, std::string error, int status, const std::string& token = "") {
    web::OcraChallengeView v;
    v.service_name = service_name_of(deps, pending);
    v.token = token;
    if (v.token.empty())
        v.token =
            sign_challenge(deps, request, pending, login, crypto::ocra_numeric_challenge(suite(deps).question_length));
    v.challenge = v.token.substr(0, v.token.find('.'));
    v.response_digits = suite(deps).digits;
    v.lifetime_seconds = deps.config.ocra.challenge_seconds;
    v.action = deps.endpoints.login_ocra_answer;
    v.interaction = pending ? pending->id : "";
    v.csrf = web::make_csrf(web::login_csrf_binding(v.interaction, web::pre_login_key(request)), deps.csrf_secret,
                            deps.clock.now());
    v.login = login;
    v.error = std::move(error);
    return endpoints::page(status, deps.pages.render(v));
}

bool step_up_of(const endpoints::Interaction* pending) {
    return pending && pending->state == domain::InteractionState::awaiting_step_up;
}

// Whether one of the account's calculators computes `response` for `challenge`.
bool answered_by(const Deps& deps, const domain::Account& account, const std::string& challenge,
                 const std::string& response, std::string& serial) {
    if (!deps.kek) return false;
    crypto::OcraInput input;
    input.question = challenge;
    for (const auto& token : deps.store.credentials().ocra_tokens_of(account.id)) {
        std::string key;
        try {
            key = crypto::unwrap_secret(*deps.kek, token.wrapped_key, "ocra:" + token.serial);
        } catch (const crypto::KeyWrapError& e) {
            // Another key-encryption key than the import's: an operator's mistake, not the user's.
            std::cerr << "esculape: OCRA token " << token.serial << " cannot be unwrapped: " << e.what() << "\n";
            continue;
        }
        auto expected =
            crypto::ocra_response(suite(deps), {reinterpret_cast<const unsigned char*>(key.data()), key.size()}, input);
        if (expected && crypto::constant_time_equals(*expected, response)) {
            serial = token.serial;
            return true;
        }
    }
    return false;
}

} // namespace

http::Response handle_ocra_login(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    std::string login;
    if (!step_up_of(p)) {
        login = http::trimmed_field(fields.get("login"), 256);
        if (login.empty())
            return login_page_with_error(deps, request, p, "Indiquez votre identifiant ou votre numéro RPPS.", 400);
    }
    return challenge_page(deps, request, p, login, "", 200);
}

http::Response handle_ocra_answer(http::Request& request, const Deps& deps) {
    auto fields = http::parse_form(request.body).value_or(http::FormParams{});
    std::optional<endpoints::Interaction> pending;
    if (auto r = login_form_refused(deps, request, fields, pending)) return *r;
    const endpoints::Interaction* p = pending ? &*pending : nullptr;
    const auto now = deps.clock.now();
    const std::string login = step_up_of(p) ? "" : http::trimmed_field(fields.get("login"), 256);
    if (!step_up_of(p) && login.empty())
        return login_page_with_error(deps, request, p, "Indiquez votre identifiant ou votre numéro RPPS.", 400);
    const std::string token = fields.get("challenge").substr(0, 512);
    auto challenge = web::signed_challenge(token, binding(p, request, login), deps.csrf_secret, now,
                                           deps.config.ocra.challenge_seconds);
    if (!challenge)
        return challenge_page(deps, request, p, login,
                              "Ce défi a expiré. Un nouveau défi est affiché : tapez-le dans votre lecteur.", 400);

    std::string response;
    for (char c : fields.get("response").substr(0, 64))
        if (c != ' ') response += c;
    const auto digits = static_cast<std::size_t>(suite(deps).digits);
    if (response.size() != digits || response.find_first_not_of("0123456789") != std::string::npos)
        return challenge_page(deps, request, p, login,
                              "La réponse comporte " + std::to_string(digits) + " chiffres, sans lettre.", 400, token);

    std::optional<domain::Account> account;
    if (step_up_of(p))
        account = deps.store.accounts().find_by_id(p->account_id);
    else
        account = storage::find_account_named(deps.store.accounts(), login);
    // The brake counts per account when the login names one, else per login typed (same delays,
    // so the answer does not tell which logins exist).
    const std::string throttle_key = account ? "ocra:account:" + std::to_string(account->id) : "ocra:typed:" + login;
    auto decision = deps.throttle.check(throttle_key, request.remote_addr);
    if (!decision.allowed) {
        deps.metrics.count_login("throttled");
        auto minutes = (decision.retry_after_seconds + 59) / 60;
        return login_page_with_error(deps, request, p,
                                     "Trop de tentatives. Réessayez dans " + std::to_string(minutes) + " minute" +
                                         (minutes > 1 ? "s." : "."),
                                     429);
    }
    // One answer per challenge, right or wrong: a captured response cannot be played again.
    if (!deps.store.replay().remember_once("ocra:" + crypto::sha256_b64url(token),
                                           now + deps.config.ocra.challenge_seconds + 60))
        return challenge_page(deps, request, p, login, "Ce défi a déjà reçu une réponse. Un nouveau défi est affiché.",
                              401);
    std::string serial;
    if (!account || account->status != domain::AccountStatus::active ||
        !answered_by(deps, *account, *challenge, response, serial)) {
        deps.throttle.record_failure(throttle_key, request.remote_addr);
        deps.metrics.count_login("failure");
        return challenge_page(deps, request, p, login, kWrongAnswer, 401);
    }
    deps.throttle.record_success(throttle_key, request.remote_addr);
    deps.store.credentials().touch_ocra_token(serial, now);
    return login_with(deps, request, *account, p, domain::LoginMethod::ocra);
}

} // namespace esc::portal
