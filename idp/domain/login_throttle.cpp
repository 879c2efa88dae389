#include "domain/login_throttle.hpp"

#include <algorithm>

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

std::string address_key(std::string_view address) {
    return std::string(address.substr(0, kMaxKeyLength));
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
    while (entry.failures.size() > static_cast<std::size_t>(std::max(max_failures, 1)))
        entry.failures.pop_front();
    if (static_cast<int>(entry.failures.size()) >= max_failures && entry.locked_until <= now) {
        entry.locked_until = now + limits_.lockout_seconds;
        // A fresh window after the lock: the next failure after it starts counting from one.
        entry.failures.clear();
    }
}

ThrottleDecision LoginThrottle::check(std::string_view login, std::string_view address) {
    std::lock_guard lock(mutex_);
    UnixTime now = clock_.now();
    if (auto wait = lock_remaining(addresses_, address_key(address), now); wait > 0)
        return {false, wait, ThrottleReason::address};
    if (auto wait = lock_remaining(accounts_, account_key(login), now); wait > 0)
        return {false, wait, ThrottleReason::account};
    return {};
}

void LoginThrottle::record_failure(std::string_view login, std::string_view address) {
    std::lock_guard lock(mutex_);
    UnixTime now = clock_.now();
    add_failure(accounts_, account_key(login), limits_.max_failures_per_account, now);
    add_failure(addresses_, address_key(address), limits_.max_failures_per_address, now);
}

void LoginThrottle::record_success(std::string_view login, std::string_view address) {
    std::lock_guard lock(mutex_);
    accounts_.erase(account_key(login));
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
