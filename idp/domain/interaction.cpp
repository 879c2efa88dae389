#include "domain/interaction.hpp"

#include <array>

namespace esc::domain {

namespace {

using S = InteractionState;
using E = InteractionEvent;

// The one table. A login lands in `authenticated` directly, or passes through step-up and the
// referent's decision first; the response is sent once, from `authenticated` only.
constexpr std::array<InteractionTransition, 20> kTransitions = {{
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
    // prompt=login or max_age in the same browser: an authenticated interaction asks again.
    {S::authenticated, E::login_needs_step_up, S::awaiting_step_up},
    {S::awaiting_step_up, E::login_needs_access, S::awaiting_access_decision},
    // An expired or temporary password: the change page comes before anything else.
    {S::awaiting_login, E::login_needs_password_change, S::awaiting_password_change},
    {S::awaiting_password_change, E::password_changed, S::authenticated},
    {S::awaiting_password_change, E::lifetime_over, S::expired},
    // Registration: the wizard, then the e-mail proof; the account is created by the proof.
    {S::registering, E::registration_submitted, S::awaiting_email_proof},
    {S::awaiting_email_proof, E::email_proved, S::done},
    {S::registering, E::lifetime_over, S::expired},
    {S::awaiting_email_proof, E::lifetime_over, S::expired},
}};

constexpr std::array<std::string_view, 9> kStateNames = {"awaiting_login",
                                                         "awaiting_step_up",
                                                         "awaiting_access_decision",
                                                         "awaiting_password_change",
                                                         "registering",
                                                         "awaiting_email_proof",
                                                         "authenticated",
                                                         "done",
                                                         "expired"};
constexpr std::array<std::string_view, 12> kEventNames = {"login_succeeded",
                                                          "login_needs_step_up",
                                                          "login_needs_access",
                                                          "step_up_succeeded",
                                                          "access_granted",
                                                          "access_refused",
                                                          "login_needs_password_change",
                                                          "password_changed",
                                                          "registration_submitted",
                                                          "email_proved",
                                                          "response_sent",
                                                          "lifetime_over"};

static_assert(kStateNames.size() == static_cast<std::size_t>(S::expired) + 1, "a name per state");
static_assert(kEventNames.size() == static_cast<std::size_t>(E::lifetime_over) + 1, "a name per event");

} // namespace

std::span<const InteractionTransition> interaction_transitions() {
    return kTransitions;
}

std::optional<InteractionState> next_state(InteractionState from, InteractionEvent event) {
    for (const auto& t : kTransitions)
        if (t.from == from && t.event == event) return t.to;
    return std::nullopt;
}

bool is_terminal(InteractionState state) {
    return state == S::done || state == S::expired;
}

std::string_view name_of(InteractionState state) {
    return kStateNames[static_cast<std::size_t>(state)];
}

std::string_view name_of(InteractionEvent event) {
    return kEventNames[static_cast<std::size_t>(event)];
}

std::optional<InteractionState> interaction_state_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == name) return static_cast<InteractionState>(i);
    return std::nullopt;
}

} // namespace esc::domain
