#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

std::int64_t enqueue_locked(State& s, const domain::OutboundMail& mail) {
    domain::OutboundMail stored = mail;
    stored.id = s.next_mail_id++;
    stored.state = domain::MailState::pending;
    s.outbox[stored.id] = stored;
    return stored.id;
}

domain::AccountLink* usable_link_locked(State& s, const std::string& token_hash, domain::LinkPurpose purpose,
                                        domain::UnixTime now) {
    auto it = s.links.find(token_hash);
    if (it == s.links.end() || it->second.purpose != purpose || !domain::link_usable(it->second, now)) return nullptr;
    return &it->second;
}

std::int64_t MemoryMailOutbox::enqueue(const domain::OutboundMail& mail) {
    std::lock_guard lock(s_.mutex);
    return enqueue_locked(s_, mail);
}

std::vector<domain::OutboundMail> MemoryMailOutbox::claim_due(domain::UnixTime now, domain::UnixTime lease_until,
                                                              int limit) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::OutboundMail*> due;
    for (auto& [id, mail] : s_.outbox)
        if (mail.state == domain::MailState::pending && mail.next_attempt_at <= now) due.push_back(&mail);
    // Oldest first: by due time, then by id (as the SQLite index orders them).
    std::stable_sort(due.begin(), due.end(),
                     [](const auto* a, const auto* b) { return a->next_attempt_at < b->next_attempt_at; });
    std::vector<domain::OutboundMail> claimed;
    for (auto* mail : due) {
        if (static_cast<int>(claimed.size()) >= limit) break;
        mail->attempts += 1;
        mail->next_attempt_at = lease_until;
        claimed.push_back(*mail);
    }
    return claimed;
}

void MemoryMailOutbox::mark_sent(std::int64_t id, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.outbox.find(id); it != s_.outbox.end()) {
        it->second.state = domain::MailState::sent;
        it->second.sent_at = now;
        it->second.last_error.clear();
    }
}

void MemoryMailOutbox::mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.outbox.find(id); it != s_.outbox.end()) {
        it->second.state = domain::MailState::pending;
        it->second.next_attempt_at = next_attempt_at;
        it->second.last_error = error;
    }
}

void MemoryMailOutbox::mark_failed(std::int64_t id, const std::string& error) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.outbox.find(id); it != s_.outbox.end()) {
        it->second.state = domain::MailState::failed;
        it->second.last_error = error;
    }
}

std::vector<domain::OutboundMail> MemoryMailOutbox::recent(int limit, std::optional<domain::MailState> state) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::OutboundMail> out;
    for (auto it = s_.outbox.rbegin(); it != s_.outbox.rend() && static_cast<int>(out.size()) < limit; ++it)
        if (!state || it->second.state == *state) out.push_back(it->second);
    return out;
}

std::int64_t MemoryAccountLinkStore::issue(const domain::AccountLink& link, const domain::OutboundMail& mail) {
    std::lock_guard lock(s_.mutex);
    if (s_.links.count(link.token_hash)) throw StorageError("memory: link already exists");
    if (!s_.accounts.count(link.account_id)) throw StorageError("memory: link for an unknown account");
    s_.links[link.token_hash] = link;
    return enqueue_locked(s_, mail);
}

std::optional<domain::AccountLink> MemoryAccountLinkStore::find_usable(const std::string& token_hash,
                                                                       domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.links.find(token_hash);
    if (it == s_.links.end() || !domain::link_usable(it->second, now)) return std::nullopt;
    return it->second;
}

std::optional<domain::AccountLink> MemoryAccountLinkStore::consume(const std::string& token_hash,
                                                                   domain::LinkPurpose purpose, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto* link = usable_link_locked(s_, token_hash, purpose, now);
    if (!link) return std::nullopt;
    link->used_at = now;
    return *link;
}

} // namespace esc::storage::memory

namespace esc::storage::memory {

CreatedAccount MemoryAccountStore::create(const NewAccount& n) {
    std::lock_guard lock(s_.mutex);
    if (s_.aliases.count(n.account.login)) return {CreateOutcome::login_taken, 0};
    for (const auto& [id, a] : s_.accounts) {
        if (a.login == n.account.login) return {CreateOutcome::login_taken, 0};
        if (!n.account.national_id.empty() && a.national_id == n.account.national_id)
            return {CreateOutcome::national_id_taken, 0};
    }
    if (!n.password_link.token_hash.empty() && s_.links.count(n.password_link.token_hash))
        throw StorageError("memory: link already exists");
    domain::Account account = n.account;
    account.id = s_.next_account_id++;
    s_.accounts[account.id] = account;
    s_.profiles[account.id] = n.profile;
    if (!n.login_mail.recipient.empty()) enqueue_locked(s_, n.login_mail);
    if (!n.password_link.token_hash.empty()) {
        auto link = n.password_link;
        link.account_id = account.id;
        s_.links[link.token_hash] = link;
    }
    if (!n.password_mail.recipient.empty()) enqueue_locked(s_, n.password_mail);
    return {CreateOutcome::created, account.id};
}

std::optional<domain::AccountProfile> MemoryAccountStore::profile(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.profiles.find(account_id);
    if (it == s_.profiles.end()) return std::nullopt;
    return it->second;
}

void MemoryAccountStore::put_profile(std::int64_t account_id, const domain::AccountProfile& profile) {
    std::lock_guard lock(s_.mutex);
    if (!s_.accounts.count(account_id)) throw StorageError("memory: profile for an unknown account");
    s_.profiles[account_id] = profile;
}

bool MemoryAccountStore::change_email(std::int64_t account_id, const std::string& link_hash, domain::UnixTime now,
                                      const std::optional<domain::OutboundMail>& notice) {
    std::lock_guard lock(s_.mutex);
    auto* link = usable_link_locked(s_, link_hash, domain::LinkPurpose::verify_email, now);
    auto it = s_.accounts.find(account_id);
    if (!link || link->account_id != account_id || it == s_.accounts.end()) return false;
    link->used_at = now;
    it->second.email = link->email;
    it->second.email_verified = true;
    if (notice) enqueue_locked(s_, *notice);
    return true;
}

void MemoryAccountStore::record_login(std::int64_t account_id, const domain::LoginEvent& event) {
    std::lock_guard lock(s_.mutex);
    auto& history = s_.logins[account_id];
    history.push_back(event);
    if (history.size() > static_cast<std::size_t>(kKeptLogins))
        history.erase(history.begin(), history.end() - kKeptLogins);
}

std::vector<domain::LoginEvent> MemoryAccountStore::recent_logins(std::int64_t account_id, int limit) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.logins.find(account_id);
    if (it == s_.logins.end()) return {};
    std::vector<domain::LoginEvent> out(it->second.rbegin(), it->second.rend()); // newest first
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    return out;
}

bool MemoryAccountStore::add_alias(const std::string& alias, std::int64_t account_id, domain::UnixTime) {
    std::lock_guard lock(s_.mutex);
    if (!s_.accounts.count(account_id)) throw StorageError("memory: alias for an unknown account");
    if (s_.aliases.count(alias)) return false;
    for (const auto& [id, a] : s_.accounts)
        if (a.login == alias) return false;
    s_.aliases[alias] = {account_id, 0};
    return true;
}

bool MemoryAccountStore::retire_alias(const std::string& alias, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.aliases.find(alias);
    if (it == s_.aliases.end() || it->second.retired_at != 0) return false;
    it->second.retired_at = now;
    return true;
}

std::optional<domain::Account> MemoryAccountStore::find_by_alias(const std::string& alias) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.aliases.find(alias);
    if (it == s_.aliases.end() || it->second.retired_at != 0) return std::nullopt;
    auto account = s_.accounts.find(it->second.account_id);
    if (account == s_.accounts.end()) return std::nullopt;
    return account->second;
}

bool MemoryAccountStore::login_taken(const std::string& login) {
    std::lock_guard lock(s_.mutex);
    if (s_.aliases.count(login)) return true;
    for (const auto& [id, a] : s_.accounts)
        if (a.login == login) return true;
    return false;
}

} // namespace esc::storage::memory
