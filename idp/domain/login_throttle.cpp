#include "domain/login_throttle.hpp"

#include <algorithm>

#include "domain/address_key.hpp"

namespace esc::domain {

namespace {

constexpr std::size_t kMaxKeyLength = 256;
// Enough history to reach the longest delay; older failures add nothing.
constexpr std::size_t kExtraKept = 32;

// Logins are compared case-insensitively so "Dupont" and "dupont" share a counter; keys are
// truncated so a huge login cannot inflate the store.
std::string account_key(std::string_view login) {
    std::string key(login.substr(0, kMaxKeyLength));
    for (auto& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

std::string account(std::string_view login) {
    return "login:account:" + account_key(login);
}
std::string device(std::string_view login) {
    return "login:device:" + account_key(login);
}
std::string address(std::string_view remote) {
    return "login:address:" + address_key(remote);
}

std::size_t free_failures(int max_failures) {
    return static_cast<std::size_t>(std::max(max_failures, 1));
}

} // namespace

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimits limits, FailureLog& log)
    : clock_(clock), limits_(limits), log_(log) {}

// The last free failure starts the first delay; each further one doubles it, up to the cap.
UnixTime LoginThrottle::delay_end(const std::vector<UnixTime>& failures, int max_failures,
                                  const ThrottleLimits& limits) {
    const auto free = free_failures(max_failures);
    if (failures.size() < free) return 0;
    const auto excess = std::min<std::size_t>(failures.size() - free, 30);
    const UnixTime cap = std::max(limits.lockout_seconds, 1);
    UnixTime delay = std::max(limits.first_delay_seconds, 1);
    for (std::size_t i = 0; i < excess && delay < cap; ++i)
        delay *= 2;
    return failures.back() + std::min(delay, cap);
}

UnixTime LoginThrottle::lock_remaining(const std::string& key, int max_failures, UnixTime now) {
    const UnixTime end = delay_end(log_.failures(key), max_failures, limits_);
    return end > now ? end - now : 0;
}

// Sliding window: only failures within the last window_seconds count.
void LoginThrottle::add_failure(const std::string& key, int max_failures, UnixTime now) {
    const UnixTime memory = std::max(limits_.window_seconds, limits_.lockout_seconds);
    log_.add_failure(key, now, now - limits_.window_seconds, free_failures(max_failures) + kExtraKept, now + memory);
}

ThrottleDecision LoginThrottle::check(std::string_view login, std::string_view remote, bool trusted_device) {
    UnixTime now = clock_.now();
    if (auto wait = lock_remaining(address(remote), limits_.max_failures_per_address, now); wait > 0)
        return {false, wait, ThrottleReason::address};
    // A trusted device skips the account's delay, but only while it has not failed too often
    // itself: a stolen device cookie is not a way around the throttle.
    if (trusted_device) {
        const auto failures = log_.failures(device(login));
        const auto recent = std::count_if(failures.begin(), failures.end(),
                                          [&](UnixTime t) { return t > now - limits_.window_seconds; });
        if (recent < limits_.max_failures_per_account) return {};
    }
    if (auto wait = lock_remaining(account(login), limits_.max_failures_per_account, now); wait > 0)
        return {false, wait, ThrottleReason::account};
    return {};
}

void LoginThrottle::record_failure(std::string_view login, std::string_view remote, bool trusted_device) {
    UnixTime now = clock_.now();
    add_failure(trusted_device ? device(login) : account(login), limits_.max_failures_per_account, now);
    add_failure(address(remote), limits_.max_failures_per_address, now);
}

void LoginThrottle::record_success(std::string_view login, std::string_view) {
    log_.clear_failures(account(login));
    log_.clear_failures(device(login));
}

} // namespace esc::domain
