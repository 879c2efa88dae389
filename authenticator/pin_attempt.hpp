#pragma once
// One PIN attempt against the state file, with the attempt counter and the wipe at the limit.
#include <string>
#include <string_view>

#include "device_state.hpp"

namespace esc::authenticator {

// Returns the state, unlocked for signing, when `pin` matches (the counter goes back to 0).
// Otherwise throws: device_locked when the device was or has just become locked (the key is
// wiped at the kMaxPinAttempts-th wrong PIN in a row), wrong_pin with the attempts left.
DeviceState unlock_with_pin(const std::string& state_path, std::string_view pin);

} // namespace esc::authenticator
