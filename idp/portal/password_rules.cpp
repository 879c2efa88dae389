#include "portal/password_rules.hpp"

#include "crypto/password.hpp"
#include "domain/common_passwords.hpp"
#include "domain/password_policy.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/sso.hpp"

namespace esc::portal {

NewPasswordCheck check_new_password(const Deps& deps, const domain::Account& account, const std::string& password,
                                    const std::string& confirmation) {
    NewPasswordCheck check;
    const auto& policy = deps.config.password;
    std::vector<std::string> names;
    if (auto professional = deps.store.directory().find_professional(account.national_id)) {
        names.push_back(professional->given_name);
        names.push_back(professional->family_name);
    }
    domain::PasswordContext context;
    context.login = account.login;
    for (const auto& n : names)
        context.names.push_back(n);
    context.common = &domain::common_passwords();
    context.matches_previous = [&](std::string_view candidate) {
        if (policy.history <= 0) return false;
        if (!account.password_hash.empty() && crypto::verify_password(account.password_hash, candidate)) return true;
        auto previous = deps.store.accounts().previous_password_hashes(account.id);
        if (previous.size() > static_cast<std::size_t>(policy.history - 1))
            previous.resize(static_cast<std::size_t>(policy.history - 1));
        for (const auto& hash : previous)
            if (crypto::verify_password(hash, candidate)) return true;
        return false;
    };
    for (auto problem : domain::check_password(password, policy, context))
        check.password_errors.push_back(domain::password_problem_message(problem, policy));
    if (password.empty()) check.password_errors = {"Saisissez un nouveau mot de passe."};
    if (confirmation.empty())
        check.confirmation_error = "Saisissez le mot de passe une seconde fois.";
    else if (confirmation != password)
        check.confirmation_error = "Les deux mots de passe ne sont pas identiques.";
    return check;
}

bool store_new_password(const Deps& deps, const domain::Account& account, const std::string& password,
                        const domain::AccountLink* link, const std::string& keep_session_hash) {
    storage::PasswordChange change;
    change.account_id = account.id;
    change.new_hash = crypto::hash_password(password);
    change.changed_at = deps.clock.now();
    change.history = deps.config.password.history;
    if (link) {
        change.link_hash = link->token_hash;
        change.link_purpose = link->purpose;
    }
    if (!deps.store.accounts().change_password(change)) return false;
    // Whoever knew the old password may hold a session: each one ends, with its tokens.
    for (const auto& session : deps.store.sessions().for_account(account.id))
        if (session.id_hash != keep_session_hash) endpoints::close_session(deps, session);
    return true;
}

} // namespace esc::portal
