#include "domain/login_throttle.hpp"

#include <algorithm>

#include "domain/address_key.hpp"

namespace esc::domain {

namespace {

constexpr std::size_t kMaxKeyLength = 256;

// Logins are compared case-insensitively so "Dupont" and "dupont" share a counter; keys are
// truncated so a huge login cannot inflate memory.
std::string account_key(std::string_view login) {
    std::string key(login.substr(0, kMaxKeyLength));
    for (auto& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

} // namespace

LoginThrottle::Entry* LoginThrottle::Table::find(const std::string& key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

LoginThrottle::Entry& LoginThrottle::Table::touch(const std::string& key, std::size_t max_entries) {
    if (auto it = entries_.find(key); it != entries_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second.lru_position);
        return it->second;
    }
    while (!lru_.empty() && entries_.size() >= max_entries) {
        entries_.erase(lru_.back());
        lru_.pop_back();
    }
    lru_.push_front(key);
    Entry& entry = entries_[key];
    entry.lru_position = lru_.begin();
    return entry;
}

void LoginThrottle::Table::erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    lru_.erase(it->second.lru_position);
    entries_.erase(it);
}

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimits limits) : clock_(clock), limits_(limits) {
    if (limits_.max_entries == 0) limits_.max_entries = 1;
}

UnixTime LoginThrottle::lock_remaining(Table& table, const std::string& key, UnixTime now) {
    Entry* entry = table.find(key);
    if (!entry || entry->locked_until <= now) return 0;
    return entry->locked_until - now;
}

void LoginThrottle::add_failure(Table& table, const std::string& key, int max_failures, UnixTime now) {
    Entry& entry = table.touch(key, limits_.max_entries);
    // Sliding window: only failures within the last window_seconds count.
    while (!entry.failures.empty() && entry.failures.front() <= now - limits_.window_seconds)
        entry.failures.pop_front();
    entry.failures.push_back(now);
    const auto free = static_cast<std::size_t>(std::max(max_failures, 1));
    // Enough history to reach the longest delay; older failures add nothing.
    while (entry.failures.size() > free + 32)
        entry.failures.pop_front();
    if (entry.failures.size() < free) return;
    // The last free failure starts the first delay; each further one doubles it, up to the cap.
    const auto excess = std::min<std::size_t>(entry.failures.size() - free, 30);
    const UnixTime cap = std::max(limits_.lockout_seconds, 1);
    UnixTime delay = std::max(limits_.first_delay_seconds, 1);
    for (std::size_t i = 0; i < excess && delay < cap; ++i)
        delay *= 2;
    entry.locked_until = now + std::min(delay, cap);
}

std::size_t LoginThrottle::recent_failures(Table& table, const std::string& key, UnixTime now) {
    Entry* entry = table.find(key);
    if (!entry) return 0;
    return static_cast<std::size_t>(std::count_if(entry->failures.begin(), entry->failures.end(),
                                                  [&](UnixTime t) { return t > now - limits_.window_seconds; }));
}

ThrottleDecision LoginThrottle::check(std::string_view login, std::string_view address, bool trusted_device) {
    std::lock_guard lock(mutex_);
    UnixTime now = clock_.now();
    if (auto wait = lock_remaining(addresses_, address_key(address), now); wait > 0)
        return {false, wait, ThrottleReason::address};
    const std::string account = account_key(login);
    // A trusted device skips the account's delay, but only while it has not failed too often
    // itself: a stolen device cookie is not a way around the throttle.
    if (trusted_device &&
        recent_failures(devices_, account, now) < static_cast<std::size_t>(limits_.max_failures_per_account))
        return {};
    if (auto wait = lock_remaining(accounts_, account, now); wait > 0) return {false, wait, ThrottleReason::account};
    return {};
}

void LoginThrottle::record_failure(std::string_view login, std::string_view address, bool trusted_device) {
    std::lock_guard lock(mutex_);
    UnixTime now = clock_.now();
    const std::string account = account_key(login);
    add_failure(trusted_device ? devices_ : accounts_, account, limits_.max_failures_per_account, now);
    add_failure(addresses_, address_key(address), limits_.max_failures_per_address, now);
}

void LoginThrottle::record_success(std::string_view login, std::string_view address) {
    std::lock_guard lock(mutex_);
    accounts_.erase(account_key(login));
    devices_.erase(account_key(login));
}

std::size_t LoginThrottle::tracked_accounts() const {
    std::lock_guard lock(mutex_);
    return accounts_.size();
}

std::size_t LoginThrottle::tracked_addresses() const {
    std::lock_guard lock(mutex_);
    return addresses_.size();
}

} // namespace esc::domain
