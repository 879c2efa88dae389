#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// Logins generated from a person's names (issue 7, "Credentials by mail"): lower-case ASCII that
// any relying party and any mail client accepts, derived by a configurable rule as the regional
// portals do. A login is final once issued, so the rule only ever applies to new accounts.
namespace esc::domain {

enum class LoginRule {
    first_dot_last, // "prenom.nom": jean-pierre.le-goff (the default)
    initial_last,   // "pnom": jlegoff
    initial_dot_7,  // "p.nomxxxx": j.legoff, m.lefebvr (initial, dot, first 7 letters of the surname)
};

// The configuration spellings above; nullopt for anything else.
std::optional<LoginRule> parse_login_rule(std::string_view text);
std::string_view login_rule_name(LoginRule rule);

// A name folded to login characters: accents and ligatures folded (É→e, œ→oe, ß→ss), letters
// and digits lower-cased, spaces and hyphens become one '-', apostrophes and anything else
// dropped, no leading or trailing '-'. "" when nothing is left (a name in another script).
// `text` must be valid UTF-8.
std::string fold_name(std::string_view text);
// fold_name without its hyphens: "Le Goff" → "legoff".
std::string compact_name(std::string_view text);

// The login the rule gives for these names, before collisions; nullopt when either name folds to
// nothing (the administrator then chooses one).
std::optional<std::string> base_login(LoginRule rule, std::string_view first_name, std::string_view last_name);

// `base` if free, else base2, base3… (the first free one): `taken` says whether a login, or an
// alias still in use, already exists.
std::string first_free_login(const std::string& base, const std::function<bool(const std::string&)>& taken);

} // namespace esc::domain
