#pragma once
// The device PIN: checked on the device only and never sent, like a card's PIN. The state file
// keeps a PBKDF2-HMAC-SHA256 verifier (RFC 8018 §5.2), not the PIN.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace esc::authenticator {

// Wrong PINs in a row after which the device wipes its key (like the e-CPS app).
constexpr int kMaxPinAttempts = 5;

// Throws a usage Failure unless `pin` is 4 to 6 ASCII digits.
void require_pin_format(std::string_view pin);

struct PinVerifier {
    int iterations = 0;
    std::string salt; // raw bytes
    std::string hash; // raw bytes, PBKDF2 output

    // A fresh random salt and 100,000 iterations (the PIN is short: the iterations, and the
    // attempt counter, are what slow a guesser down).
    static PinVerifier create(std::string_view pin);
    // Constant-time comparison of the derived key.
    bool matches(std::string_view pin) const;

    // {"kdf":"PBKDF2-HMAC-SHA256","iterations":…,"salt":b64url,"hash":b64url}
    nlohmann::json to_json() const;
    // Throws a local_error Failure when the object is not such a verifier.
    static PinVerifier from_json(const nlohmann::json& json);
};

} // namespace esc::authenticator
