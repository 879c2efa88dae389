#pragma once
// What the device remembers between commands, in one JSON file (mode 0600, written atomically):
// README.md § State file shows its members.
#include <optional>
#include <string>

#include "pin.hpp"

namespace esc::authenticator {

struct DeviceState {
    std::string issuer;             // P: every endpoint is P/device/…
    std::string device_id;          // from the idp; the kid of every device JWT
    std::string login;              // the account the device approves logins for
    std::string display_name;       // the professional's name, as the idp gave it
    std::string device_name;        // the name sent at enrolment
    std::string private_key_pem;    // PKCS#8; empty once the device is locked
    std::optional<PinVerifier> pin; // absent once locked: the file no longer allows guessing it offline
    int failed_pin_attempts = 0;    // wrong PINs in a row

    bool locked() const { return private_key_pem.empty(); }
    // Wipes the key and the PIN verifier: the device can no longer sign anything (it must be
    // enrolled again), which is what makes the attempt limit final.
    void lock();
};

// Throws a usage Failure when the file does not exist, a local_error one when it is unreadable
// or not a state file.
DeviceState load_state(const std::string& path);

// Enrolment's check before the activation code is spent (the idp accepts it once): `path` must
// not exist (usage Failure: it would hold another device's key) and its directory must be
// writable (local_error Failure), else the new key could not be kept.
void require_new_state_file(const std::string& path);

enum class SaveMode {
    create_new, // enrolment: never overwrite another device's key (usage Failure if the file exists)
    replace,    // later updates
};
// Writes a temporary file 0600 beside `path`, syncs it, then links or renames it into place, so a
// crash leaves either the old state or the new one, never half a key.
void save_state(const std::string& path, const DeviceState& state, SaveMode mode);

// An exclusive lock on the state file for read-modify-write sequences (the PIN counter): two
// commands run at once must not both read "4 failures" and each try a PIN.
class StateLock {
public:
    explicit StateLock(const std::string& path);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace esc::authenticator
