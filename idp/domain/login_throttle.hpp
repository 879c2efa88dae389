#pragma once
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/time.hpp"

// Brute-force brake for the login form (ANSSI password recommendations, OWASP ASVS V2.2.1): a
// sliding window of failures per account login and per remote address (IPv6 per /64, the
// smallest block a subscriber is given, RFC 6177). Past the free failures of a key, each further
// failure imposes a delay that doubles (kFirstDelaySeconds, then 2x, 4x…, at most
// `lockout_seconds`) instead of a hard lock: guessing slows down exponentially, and a browser
// holding the account's device cookie (web/device_cookie.hpp) is not held back by the account's
// delay, so an attacker cannot keep a professional out (OWASP "device cookies"). It also keeps
// unauthenticated callers from driving unbounded Argon2id work (dependencies.md): check() before
// hashing. Memory is bounded: past `max_entries` keys the least recently touched one is forgotten.
namespace esc::domain {

// Mirrors config::LoginConfig (the domain does not depend on config).
struct ThrottleLimits {
    int max_failures_per_account = 5;
    int max_failures_per_address = 20;
    int window_seconds = 900;
    int lockout_seconds = 900;         // longest delay
    int first_delay_seconds = 30;      // delay after the last free failure; doubles with each further one
    std::size_t max_entries = 100'000; // per kind (accounts, addresses)
};

enum class ThrottleReason { none, account, address };

struct ThrottleDecision {
    bool allowed = true;
    UnixTime retry_after_seconds = 0; // > 0 when refused: for Retry-After and the page's message
    ThrottleReason reason = ThrottleReason::none;
};

class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, ThrottleLimits limits);

    // Refused while the account's or the address's delay runs. The address is reported first when
    // both are, since its delay does not depend on which login is tried. trusted_device: the
    // browser holds a valid device cookie for this login; the account's delay is then skipped
    // unless that device has itself failed max_failures_per_account times in the window.
    ThrottleDecision check(std::string_view login, std::string_view address, bool trusted_device = false);
    void record_failure(std::string_view login, std::string_view address, bool trusted_device = false);
    // Clears the account's failures and lock; the address keeps its count, so one valid account
    // cannot be used to reset an attacker's address between guesses at other accounts.
    void record_success(std::string_view login, std::string_view address);

    std::size_t tracked_accounts() const;
    std::size_t tracked_addresses() const;

private:
    struct Entry {
        std::deque<UnixTime> failures; // within the window, newest at the back, bounded
        UnixTime locked_until = 0;     // end of the current delay
        std::list<std::string>::iterator lru_position;
    };

    class Table {
    public:
        Entry* find(const std::string& key);
        Entry& touch(const std::string& key, std::size_t max_entries);
        void erase(const std::string& key);
        std::size_t size() const { return entries_.size(); }

    private:
        std::unordered_map<std::string, Entry> entries_;
        std::list<std::string> lru_; // most recently touched at the front
    };

    UnixTime lock_remaining(Table& table, const std::string& key, UnixTime now);
    void add_failure(Table& table, const std::string& key, int max_failures, UnixTime now);
    std::size_t recent_failures(Table& table, const std::string& key, UnixTime now);

    const Clock& clock_;
    ThrottleLimits limits_;
    mutable std::mutex mutex_;
    Table accounts_;
    Table addresses_;
    Table devices_; // failures made by trusted devices, per account
};

} // namespace esc::domain
