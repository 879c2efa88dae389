#include <catch2/catch.hpp>

#include <algorithm>

#include "domain/common_passwords.hpp"
#include "domain/password_policy.hpp"

using namespace esc::domain;

namespace {
bool has(const std::vector<PasswordProblem>& problems, PasswordProblem p) {
    return std::find(problems.begin(), problems.end(), p) != problems.end();
}
const std::unordered_set<std::string> kCommon = {"motdepasse123", "azertyuiop123", "password1234"};
PasswordContext context_for(std::string_view login = "jean.dupont") {
    return {login, {"Jean-Pierre", "Le Goff"}, &kCommon, {}};
}
} // namespace

TEST_CASE("length is counted in characters, not bytes", "[unit][domain]") {
    PasswordPolicy policy;
    CHECK(has(check_password("court-mais-1", PasswordPolicy{.min_length = 13}, context_for()),
              PasswordProblem::too_short));
    CHECK(check_password("douze-lettre", policy, context_for()).empty()); // 12 characters
    // 11 characters, 22 bytes: still too short.
    CHECK(has(check_password("éééééééééé1", policy, context_for()), PasswordProblem::too_short));
    CHECK(check_password("ééééééééééé1", policy, context_for()).empty());
    std::string long_one(129, 'x');
    CHECK(check_password(long_one, policy, context_for()) == std::vector{PasswordProblem::too_long});
    CHECK(check_password(std::string(128, 'x'), policy, context_for()).empty());
}

TEST_CASE("control characters and invalid UTF-8 are refused as such", "[unit][domain]") {
    PasswordPolicy policy;
    CHECK(check_password("une phrase\tassez longue", policy, context_for()) == std::vector{PasswordProblem::not_text});
    CHECK(check_password("une phrase \xC3 longue", policy, context_for()) == std::vector{PasswordProblem::not_text});
    CHECK(check_password("une phrase assez longue avec espaces", policy, context_for()).empty());
}

TEST_CASE("common passwords are refused whatever their case", "[unit][domain]") {
    PasswordPolicy policy;
    CHECK(has(check_password("MotDePasse123", policy, context_for()), PasswordProblem::common));
    CHECK_FALSE(has(check_password("MotDePasse124", policy, context_for()), PasswordProblem::common));
    auto no_list = context_for();
    no_list.common = nullptr;
    CHECK(check_password("MotDePasse123", policy, no_list).empty());
}

TEST_CASE("the login and the names are refused inside the password, folded", "[unit][domain]") {
    PasswordPolicy policy;
    CHECK(has(check_password("xx-Jean.Dupont-2026", policy, context_for()), PasswordProblem::contains_login));
    CHECK(has(check_password("JEANDUPONT!!2026", policy, context_for()), PasswordProblem::contains_login));
    CHECK(has(check_password("goff-des-montagnes", policy, context_for()), PasswordProblem::contains_name));
    CHECK(has(check_password("pierre-qui-roule!", policy, context_for()), PasswordProblem::contains_name));
    CHECK(has(check_password("LÉGOFF à la plage", policy, context_for()), PasswordProblem::contains_name));
    // "Le" is too short to count on its own.
    CHECK(check_password("le chat est parti", policy, context_for()).empty());
    CHECK(check_password("un cheval blanc au galop", policy, context_for()).empty());
}

TEST_CASE("reuse of the current or previous passwords is refused", "[unit][domain]") {
    PasswordPolicy policy;
    auto ctx = context_for();
    ctx.matches_previous = [](std::string_view p) { return p == "ancienne phrase de passe"; };
    CHECK(check_password("ancienne phrase de passe", policy, ctx) == std::vector{PasswordProblem::same_as_previous});
    CHECK(check_password("nouvelle phrase de passe", policy, ctx).empty());
}

TEST_CASE("every problem has a French message", "[unit][domain]") {
    PasswordPolicy policy;
    for (auto p :
         {PasswordProblem::too_short, PasswordProblem::too_long, PasswordProblem::not_text, PasswordProblem::common,
          PasswordProblem::contains_login, PasswordProblem::contains_name, PasswordProblem::same_as_previous})
        CHECK_FALSE(password_problem_message(p, policy).empty());
    CHECK(password_problem_message(PasswordProblem::too_short, policy).find("12") != std::string::npos);
    CHECK(password_problem_message(PasswordProblem::same_as_previous, policy).find("2 derniers") != std::string::npos);
}

TEST_CASE("a password expires after max_age_days, warned warn_days before", "[unit][domain]") {
    PasswordPolicy policy; // 120 days, warned 14 days before
    const UnixTime set = 1'800'000'000, day = 86400;
    CHECK(password_status(policy, set, false, set).age == PasswordAge::valid);
    CHECK(password_status(policy, set, false, set + 105 * day).age == PasswordAge::valid);
    auto soon = password_status(policy, set, false, set + 106 * day);
    CHECK(soon.age == PasswordAge::expiring_soon);
    CHECK(soon.days_left == 14);
    auto last = password_status(policy, set, false, set + 120 * day - 1);
    CHECK(last.age == PasswordAge::expiring_soon);
    CHECK(last.days_left == 1);
    CHECK(password_status(policy, set, false, set + 120 * day).age == PasswordAge::expired);
    CHECK(password_status(PasswordPolicy{.max_age_days = 0}, set, false, set + 5000 * day).age == PasswordAge::valid);
    // A temporary password must be changed at first login.
    CHECK(password_status(policy, set, true, set).age == PasswordAge::expired);
}

TEST_CASE("the compiled-in list holds the 10,000 common passwords, lower-cased", "[unit][domain]") {
    const auto& list = common_passwords();
    CHECK(list.size() == 10000);
    CHECK(list.count("123456"));
    CHECK(list.count("password"));
    CHECK_FALSE(list.count("# one per line; lines starting with '# ' are comments."));
    for (const auto& entry : list)
        for (char c : entry)
            REQUIRE_FALSE((c >= 'A' && c <= 'Z'));
    PasswordContext context{"jean.dupont", {}, &list, {}};
    // 12 characters and in the list: refused although long enough.
    std::string long_common;
    for (const auto& entry : list)
        if (entry.size() >= 12 && entry.find("jean") == std::string::npos) long_common = entry;
    REQUIRE_FALSE(long_common.empty());
    CHECK(check_password(long_common, PasswordPolicy{}, context) == std::vector{PasswordProblem::common});
}
