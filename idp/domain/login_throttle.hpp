#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

// Brute-force brake for the login form (ANSSI password recommendations, OWASP ASVS V2.2.1): a
// sliding window of failures per account login and per remote address (IPv6 per /64, the
// smallest block a subscriber is given, RFC 6177). Past the free failures of a key, each further
// failure imposes a delay that doubles (kFirstDelaySeconds, then 2x, 4x…, at most
// `lockout_seconds`) instead of a hard lock: guessing slows down exponentially, and a browser
// holding the account's device cookie (web/device_cookie.hpp) is not held back by the account's
// delay, so an attacker cannot keep a professional out (OWASP "device cookies"). It also keeps
// unauthenticated callers from driving unbounded Argon2id work (dependencies.md): check() before
// hashing. The failures live in the store (FailureLog below), bounded per key, purged once old.
namespace esc::domain {

// Mirrors config::LoginConfig (the domain does not depend on config).
struct ThrottleLimits {
    int max_failures_per_account = 5;
    int max_failures_per_address = 20;
    int window_seconds = 900;
    int lockout_seconds = 900;    // longest delay
    int first_delay_seconds = 30; // delay after the last free failure; doubles with each further one
};

enum class ThrottleReason { none, account, address };

struct ThrottleDecision {
    bool allowed = true;
    UnixTime retry_after_seconds = 0; // > 0 when refused: for Retry-After and the page's message
    ThrottleReason reason = ThrottleReason::none;
};

// Where failures are kept: the store (storage::ThrottleStore implements it), so that the limits
// hold across nodes and restarts. Each operation is atomic.
class FailureLog {
public:
    virtual ~FailureLog() = default;
    // Appends a failure at `at`, forgets the key's failures at or before `forget_until`, keeps the
    // `keep` newest, and returns the kept ones, oldest first; the history may go after `expires_at`.
    virtual std::vector<UnixTime> add_failure(const std::string& key, UnixTime at, UnixTime forget_until,
                                              std::size_t keep, UnixTime expires_at) = 0;
    virtual std::vector<UnixTime> failures(const std::string& key) = 0;
    virtual void clear_failures(const std::string& key) = 0;
};

class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, ThrottleLimits limits, FailureLog& log);

    // Refused while the account's or the address's delay runs. The address is reported first when
    // both are, since its delay does not depend on which login is tried. trusted_device: the
    // browser holds a valid device cookie for this login; the account's delay is then skipped
    // unless that device has itself failed max_failures_per_account times in the window.
    ThrottleDecision check(std::string_view login, std::string_view address, bool trusted_device = false);
    void record_failure(std::string_view login, std::string_view address, bool trusted_device = false);
    // Clears the account's failures and lock; the address keeps its count, so one valid account
    // cannot be used to reset an attacker's address between guesses at other accounts.
    void record_success(std::string_view login, std::string_view address);

    // When the delay imposed by `failures` (as kept by add_failure, oldest first) ends, for a key
    // allowed `max_failures` free failures; 0 when there is none.
    static UnixTime delay_end(const std::vector<UnixTime>& failures, int max_failures, const ThrottleLimits& limits);

private:
    UnixTime lock_remaining(const std::string& key, int max_failures, UnixTime now);
    void add_failure(const std::string& key, int max_failures, UnixTime now);

    const Clock& clock_;
    ThrottleLimits limits_;
    FailureLog& log_;
};

} // namespace esc::domain
