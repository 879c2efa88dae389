#include "pin_attempt.hpp"

#include "failure.hpp"

namespace esc::authenticator {

DeviceState unlock_with_pin(const std::string& state_path, std::string_view pin) {
    require_pin_format(pin);
    StateLock lock(state_path);
    DeviceState state = load_state(state_path);
    if (state.locked() || !state.pin) throw device_locked();

    // The attempt is written down before the PIN is checked: killing the process while PBKDF2
    // runs (to guess without being counted) still costs an attempt.
    ++state.failed_pin_attempts;
    save_state(state_path, state, SaveMode::replace);

    if (state.pin->matches(pin)) {
        state.failed_pin_attempts = 0;
        save_state(state_path, state, SaveMode::replace);
        return state;
    }
    if (state.failed_pin_attempts >= kMaxPinAttempts) {
        state.lock();
        save_state(state_path, state, SaveMode::replace);
        throw device_locked(/*just_now=*/true);
    }
    throw wrong_pin(kMaxPinAttempts - state.failed_pin_attempts);
}

} // namespace esc::authenticator
