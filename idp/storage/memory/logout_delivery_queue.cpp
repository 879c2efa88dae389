#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

void MemoryLogoutDeliveryQueue::enqueue(const std::vector<domain::LogoutDelivery>& deliveries) {
    std::lock_guard lock(s_.mutex);
    for (auto d : deliveries) {
        d.id = s_.next_delivery_id++;
        d.state = domain::MailState::pending;
        s_.logout_deliveries[d.id] = d;
    }
}

std::vector<domain::LogoutDelivery> MemoryLogoutDeliveryQueue::claim_due(domain::UnixTime now,
                                                                         domain::UnixTime lease_until, int limit) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::LogoutDelivery*> due;
    for (auto& [id, d] : s_.logout_deliveries)
        if (d.state == domain::MailState::pending && d.next_attempt_at <= now) due.push_back(&d);
    std::stable_sort(due.begin(), due.end(),
                     [](const auto* a, const auto* b) { return a->next_attempt_at < b->next_attempt_at; });
    std::vector<domain::LogoutDelivery> claimed;
    for (auto* d : due) {
        if (static_cast<int>(claimed.size()) >= limit) break;
        d->attempts += 1;
        d->next_attempt_at = lease_until;
        claimed.push_back(*d);
    }
    return claimed;
}

void MemoryLogoutDeliveryQueue::mark_sent(std::int64_t id) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.logout_deliveries.find(id); it != s_.logout_deliveries.end()) {
        it->second.state = domain::MailState::sent;
        it->second.last_error.clear();
    }
}

void MemoryLogoutDeliveryQueue::mark_retry(std::int64_t id, domain::UnixTime next_attempt_at,
                                           const std::string& error) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.logout_deliveries.find(id); it != s_.logout_deliveries.end()) {
        it->second.next_attempt_at = next_attempt_at;
        it->second.last_error = error;
    }
}

void MemoryLogoutDeliveryQueue::mark_failed(std::int64_t id, const std::string& error) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.logout_deliveries.find(id); it != s_.logout_deliveries.end()) {
        it->second.state = domain::MailState::failed;
        it->second.last_error = error;
    }
}

std::vector<domain::LogoutDelivery> MemoryLogoutDeliveryQueue::recent(int limit) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::LogoutDelivery> out;
    for (auto it = s_.logout_deliveries.rbegin();
         it != s_.logout_deliveries.rend() && static_cast<int>(out.size()) < limit; ++it)
        out.push_back(it->second);
    return out;
}

} // namespace esc::storage::memory
