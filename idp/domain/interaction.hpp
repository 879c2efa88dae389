#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "domain/time.hpp"

// A pending authorization or login ("interaction", Hydra's flow) is a state machine: named states,
// named events, and one table of the transitions between them. The store applies a transition with
// compare-and-set on the state it read (storage), so a double POST, or two nodes, cannot complete
// the same interaction twice. Registration, step-up, access approval and CIBA become new rows of
// this table, not new in-memory maps.
namespace esc::domain {

enum class InteractionState {
    awaiting_login,           // the login page is shown (or may be)
    awaiting_step_up,         // logged in, a stronger factor is required (acr_values, service level)
    awaiting_access_decision, // logged in, the service's referent has not granted access yet
    awaiting_password_change, // the password was right but expired or temporary: a new one first
    registering,              // a registration wizard being filled in (the draft in the payload)
    awaiting_email_proof,     // registration submitted: waiting for the mailed link to be followed
    authenticated,            // the professional is authenticated: the code may be issued
    done,                     // the authorization response was sent: spent
    expired,                  // lifetime over, or abandoned: spent
};

enum class InteractionEvent {
    login_succeeded,             // password (or other factor) verified, level enough, access granted
    login_needs_step_up,         // verified, but the required level is higher
    login_needs_access,          // verified, but access to the service is still to be decided
    step_up_succeeded,           // the missing factor was given
    access_granted,              // the referent accepted
    access_refused,              // the referent refused: the interaction ends
    login_needs_password_change, // verified, but the password expired or is temporary
    password_changed,            // a new password was set: the login completes
    registration_submitted,      // the wizard's last step was accepted: the proof mail is queued
    email_proved,                // the mailed link was followed: the account exists
    response_sent,               // the code (or error) went back to the client
    lifetime_over,               // the janitor or a reader found it past its lifetime
};

struct InteractionTransition {
    InteractionState from;
    InteractionEvent event;
    InteractionState to;
};

// Every allowed transition (a test walks it, one check per row).
std::span<const InteractionTransition> interaction_transitions();
// The state after `event` in `from`; nullopt when the table has no such row (the event is refused).
std::optional<InteractionState> next_state(InteractionState from, InteractionEvent event);
// Spent states accept no further event but `lifetime_over` is not needed for them either.
bool is_terminal(InteractionState state);
// Names as stored and logged ("awaiting_login"…), and back.
std::string_view name_of(InteractionState state);
std::string_view name_of(InteractionEvent event);
std::optional<InteractionState> interaction_state_from_name(std::string_view name);
// An interaction created at `created_at` is expired at `now` past `lifetime`, whatever its stored state.
inline bool interaction_expired(UnixTime created_at, UnixTime lifetime, UnixTime now) {
    return now > created_at + lifetime;
}

} // namespace esc::domain
