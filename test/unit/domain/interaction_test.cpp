#include <catch2/catch.hpp>

#include <string>

#include "domain/interaction.hpp"

using namespace esc::domain;
using S = InteractionState;
using E = InteractionEvent;

namespace {
// The transitions as the design states them, written again here so that a change of the table
// in domain/interaction.cpp has to be made twice, on purpose.
struct Row {
    S from;
    E event;
    S to;
};
const Row kExpected[] = {
    {S::awaiting_login, E::login_succeeded, S::authenticated},
    {S::awaiting_login, E::login_needs_step_up, S::awaiting_step_up},
    {S::awaiting_login, E::login_needs_access, S::awaiting_access_decision},
    {S::awaiting_step_up, E::step_up_succeeded, S::authenticated},
    {S::awaiting_access_decision, E::access_granted, S::authenticated},
    {S::awaiting_access_decision, E::access_refused, S::done},
    {S::authenticated, E::response_sent, S::done},
    {S::awaiting_login, E::lifetime_over, S::expired},
    {S::awaiting_step_up, E::lifetime_over, S::expired},
    {S::awaiting_access_decision, E::lifetime_over, S::expired},
    {S::authenticated, E::lifetime_over, S::expired},
    {S::authenticated, E::login_needs_step_up, S::awaiting_step_up},
    {S::awaiting_step_up, E::login_needs_access, S::awaiting_access_decision},
    {S::awaiting_login, E::login_needs_password_change, S::awaiting_password_change},
    {S::awaiting_password_change, E::password_changed, S::authenticated},
    {S::awaiting_password_change, E::lifetime_over, S::expired},
    {S::registering, E::registration_submitted, S::awaiting_email_proof},
    {S::awaiting_email_proof, E::email_proved, S::done},
    {S::registering, E::lifetime_over, S::expired},
    {S::awaiting_email_proof, E::lifetime_over, S::expired},
};
constexpr S kStates[] = {S::awaiting_login,
                         S::awaiting_step_up,
                         S::awaiting_access_decision,
                         S::awaiting_password_change,
                         S::registering,
                         S::awaiting_email_proof,
                         S::authenticated,
                         S::done,
                         S::expired};
constexpr E kEvents[] = {E::login_succeeded,
                         E::login_needs_step_up,
                         E::login_needs_access,
                         E::step_up_succeeded,
                         E::access_granted,
                         E::access_refused,
                         E::login_needs_password_change,
                         E::password_changed,
                         E::registration_submitted,
                         E::email_proved,
                         E::response_sent,
                         E::lifetime_over};
} // namespace

TEST_CASE("each row of the interaction table", "[unit][interaction]") {
    for (const auto& row : kExpected) {
        DYNAMIC_SECTION(std::string(name_of(row.from)) + " --" + std::string(name_of(row.event)) + "--> " +
                        std::string(name_of(row.to))) {
            auto next = next_state(row.from, row.event);
            REQUIRE(next);
            CHECK(*next == row.to);
        }
    }
}

TEST_CASE("the table has exactly the designed rows: every other event is refused", "[unit][interaction]") {
    CHECK(interaction_transitions().size() == std::size(kExpected));
    for (auto from : kStates)
        for (auto event : kEvents) {
            bool designed = false;
            for (const auto& row : kExpected)
                designed = designed || (row.from == from && row.event == event);
            INFO(name_of(from) << " + " << name_of(event));
            CHECK(next_state(from, event).has_value() == designed);
        }
}

TEST_CASE("spent interactions accept nothing; no code without a login", "[unit][interaction]") {
    for (auto event : kEvents) {
        CHECK_FALSE(next_state(S::done, event));
        CHECK_FALSE(next_state(S::expired, event));
    }
    CHECK(is_terminal(S::done));
    CHECK(is_terminal(S::expired));
    CHECK_FALSE(is_terminal(S::authenticated));
    // The response is sent only once the professional is authenticated (and only once: done).
    CHECK_FALSE(next_state(S::awaiting_login, E::response_sent));
    CHECK_FALSE(next_state(S::awaiting_step_up, E::response_sent));
    CHECK_FALSE(next_state(S::awaiting_access_decision, E::response_sent));
}

TEST_CASE("state names round-trip; unknown names are refused", "[unit][interaction]") {
    for (auto state : kStates)
        CHECK(interaction_state_from_name(name_of(state)) == state);
    CHECK_FALSE(interaction_state_from_name("logged_in"));
    CHECK(name_of(E::response_sent) == "response_sent");
}

TEST_CASE("an interaction past its lifetime is expired whatever its state", "[unit][interaction]") {
    CHECK_FALSE(interaction_expired(1000, 1800, 2800));
    CHECK(interaction_expired(1000, 1800, 2801));
}
