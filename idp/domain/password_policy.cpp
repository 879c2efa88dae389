#include "domain/password_policy.hpp"

#include <algorithm>
#include <cctype>

#include "domain/login_name.hpp"
#include "domain/utf8.hpp"

namespace esc::domain {
namespace {

constexpr UnixTime kDay = 86400;

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 || b == 0x7F;
    });
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Names and logins shorter than this are not looked for: "li" or "an" would refuse half of all
// passwords without making any stronger.
constexpr std::size_t kMinNameLength = 3;

bool contains_part(const std::string& haystack, std::string_view part) {
    const auto needle = compact_name(part);
    return needle.size() >= kMinNameLength && haystack.find(needle) != std::string::npos;
}

} // namespace

std::string password_problem_message(PasswordProblem problem, const PasswordPolicy& policy) {
    switch (problem) {
    case PasswordProblem::too_short:
        return "Le mot de passe doit comporter au moins " + std::to_string(policy.min_length) + " caractères.";
    case PasswordProblem::too_long:
        return "Le mot de passe ne peut pas dépasser " + std::to_string(policy.max_length) + " caractères.";
    case PasswordProblem::not_text:
        return "Le mot de passe contient des caractères non autorisés.";
    case PasswordProblem::common:
        return "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.";
    case PasswordProblem::contains_login:
        return "Le mot de passe ne doit pas contenir votre identifiant.";
    case PasswordProblem::contains_name:
        return "Le mot de passe ne doit pas contenir votre nom ou votre prénom.";
    case PasswordProblem::same_as_previous:
        return policy.history > 0 ? "Le mot de passe doit être différent de vos " + std::to_string(policy.history) +
                                        " derniers mots de passe."
                                  : "Le mot de passe doit être différent du mot de passe actuel.";
    }
    return {};
}

std::vector<PasswordProblem> check_password(std::string_view candidate, const PasswordPolicy& policy,
                                            const PasswordContext& context) {
    std::vector<PasswordProblem> problems;
    if (!is_valid_utf8(candidate) || has_control(candidate)) return {PasswordProblem::not_text};
    const auto length = code_points(candidate);
    if (length < static_cast<std::size_t>(policy.min_length)) problems.push_back(PasswordProblem::too_short);
    if (length > static_cast<std::size_t>(policy.max_length)) {
        problems.push_back(PasswordProblem::too_long);
        return problems; // nothing else is worth computing on an oversized input
    }
    if (context.common && context.common->count(lower_ascii(candidate))) problems.push_back(PasswordProblem::common);
    const auto folded = compact_name(candidate);
    if (contains_part(folded, context.login)) problems.push_back(PasswordProblem::contains_login);
    // The whole name and each of its words: "Le Goff" refuses "legoff" and "goff".
    auto contains_name = [&](std::string_view name) {
        if (contains_part(folded, name)) return true;
        const auto words = fold_name(name);
        for (std::size_t start = 0; start <= words.size();) {
            const auto end = std::min(words.find('-', start), words.size());
            if (contains_part(folded, std::string_view(words).substr(start, end - start))) return true;
            start = end + 1;
        }
        return false;
    };
    if (std::any_of(context.names.begin(), context.names.end(), contains_name))
        problems.push_back(PasswordProblem::contains_name);
    if (context.matches_previous && context.matches_previous(candidate))
        problems.push_back(PasswordProblem::same_as_previous);
    return problems;
}

PasswordStatus password_status(const PasswordPolicy& policy, UnixTime changed_at, bool must_change, UnixTime now) {
    if (must_change) return {PasswordAge::expired, 0};
    if (policy.max_age_days <= 0) return {};
    const UnixTime expires = changed_at + policy.max_age_days * kDay;
    if (now >= expires) return {PasswordAge::expired, 0};
    const UnixTime left = expires - now;
    if (left <= policy.warn_days * kDay)
        return {PasswordAge::expiring_soon, static_cast<int>((left + kDay - 1) / kDay)};
    return {};
}

} // namespace esc::domain
