#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

namespace {
using domain::AccessState;

void record_locked(State& s, const domain::AccessRequest& r, std::optional<AccessState> from, const std::string& by,
                   domain::UnixTime at, const std::string& reason, const std::vector<domain::OutboundMail>& mails,
                   const domain::AuditEntry& audit) {
    s.access_history.push_back({r.account_id, r.client_id, from, r.state, at, by, reason});
    for (const auto& m : mails)
        enqueue_locked(s, m);
    append_audit_locked(s, audit);
}

bool starts_with_any(const std::vector<std::string>& prefixes, const std::vector<std::string>& codes) {
    for (const auto& code : codes)
        for (const auto& p : prefixes)
            if (code.compare(0, p.size(), p) == 0) return true;
    return false;
}

bool matches(const AccessQuery& q, const domain::AccessRequest& r) {
    if (r.client_id != q.client_id) return false;
    if (q.state && r.state != *q.state) return false;
    if (!q.everywhere && !starts_with_any(q.postal_prefixes, r.postal_codes) && !(q.uncovered && r.uncovered))
        return false;
    if (q.before_at == 0) return true;
    return r.requested_at < q.before_at || (r.requested_at == q.before_at && r.account_id < q.before_account);
}
} // namespace

std::optional<domain::AccessRequest> MemoryAccessStore::find(std::int64_t account_id, const std::string& client_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.access_requests.find({account_id, client_id});
    if (it == s_.access_requests.end()) return std::nullopt;
    return it->second;
}

std::vector<domain::AccessRequest> MemoryAccessStore::of_account(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::AccessRequest> out;
    for (const auto& [key, request] : s_.access_requests)
        if (key.first == account_id) out.push_back(request);
    return out;
}

RequestOutcome MemoryAccessStore::request(const domain::AccessRequest& request,
                                          const std::vector<domain::OutboundMail>& mails,
                                          const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    if (!s_.accounts.count(request.account_id)) throw StorageError("memory: access request for an unknown account");
    auto it = s_.access_requests.find({request.account_id, request.client_id});
    std::optional<AccessState> current;
    if (it != s_.access_requests.end()) current = it->second.state;
    if (!domain::state_after_request(current))
        return *current == AccessState::accepted ? RequestOutcome::already_accepted : RequestOutcome::already_pending;
    domain::AccessRequest stored = request;
    stored.state = AccessState::to_process;
    stored.decided_at = 0;
    stored.decided_by.clear();
    stored.reason.clear();
    s_.access_requests[{request.account_id, request.client_id}] = stored;
    record_locked(s_, stored, current, audit.actor, request.requested_at, "", mails, audit);
    return current ? RequestOutcome::renewed : RequestOutcome::created;
}

bool MemoryAccessStore::decide(std::int64_t account_id, const std::string& client_id, AccessState expected,
                               AccessState target, const std::string& by, const std::string& reason,
                               domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                               const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.access_requests.find({account_id, client_id});
    if (it == s_.access_requests.end() || it->second.state != expected || !domain::may_decide(expected, target))
        return false;
    auto& r = it->second;
    r.state = target;
    r.decided_at = now;
    r.decided_by = by;
    r.reason = reason;
    record_locked(s_, r, expected, by, now, reason, mails, audit);
    return true;
}

bool MemoryAccessStore::grant(std::int64_t account_id, const std::string& client_id, const std::string& by,
                              domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                              const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    if (!s_.accounts.count(account_id)) throw StorageError("memory: access grant for an unknown account");
    auto [it, created] = s_.access_requests.try_emplace({account_id, client_id});
    std::optional<AccessState> from;
    if (!created) {
        if (it->second.state == AccessState::accepted) return false;
        from = it->second.state;
    }
    auto& r = it->second;
    r.account_id = account_id;
    r.client_id = client_id;
    if (created) r.requested_at = now;
    r.state = AccessState::accepted;
    r.decided_at = now;
    r.decided_by = by;
    r.reason.clear();
    record_locked(s_, r, from, by, now, "", mails, audit);
    return true;
}

std::vector<domain::AccessEvent> MemoryAccessStore::history(std::int64_t account_id, const std::string& client_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::AccessEvent> out;
    for (const auto& e : s_.access_history)
        if (e.account_id == account_id && e.client_id == client_id) out.push_back(e);
    return out;
}

std::vector<domain::AccessRequest> MemoryAccessStore::list(const AccessQuery& query) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::AccessRequest> out;
    for (const auto& [key, r] : s_.access_requests)
        if (matches(query, r)) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.requested_at != b.requested_at ? a.requested_at > b.requested_at : a.account_id > b.account_id;
    });
    if (out.size() > static_cast<std::size_t>(std::max(query.limit, 0)))
        out.resize(static_cast<std::size_t>(std::max(query.limit, 0)));
    return out;
}

void MemoryAccessStore::replace_file_referents(const std::vector<domain::Referent>& referents) {
    std::lock_guard lock(s_.mutex);
    auto& all = s_.referents;
    all.erase(std::remove_if(all.begin(), all.end(), [](const domain::Referent& r) { return r.from_file; }), all.end());
    for (auto r : referents) {
        r.from_file = true;
        // The file wins over a console charge of the same login and service.
        all.erase(
            std::remove_if(all.begin(), all.end(),
                           [&](const domain::Referent& x) { return x.login == r.login && x.client_id == r.client_id; }),
            all.end());
        all.push_back(r);
    }
}

std::vector<domain::Referent> MemoryAccessStore::referents(const std::string& client_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::Referent> out;
    for (const auto& r : s_.referents)
        if (client_id.empty() || r.client_id == client_id) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.client_id != b.client_id ? a.client_id < b.client_id : a.login < b.login;
    });
    return out;
}

std::vector<domain::Referent> MemoryAccessStore::charges_of(const std::string& login) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::Referent> out;
    for (const auto& r : s_.referents)
        if (r.login == login) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.client_id < b.client_id; });
    return out;
}

bool MemoryAccessStore::add_referent(const domain::Referent& referent, const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    for (const auto& r : s_.referents)
        if (r.login == referent.login && r.client_id == referent.client_id) return false;
    auto added = referent;
    added.from_file = false;
    s_.referents.push_back(added);
    append_audit_locked(s_, audit);
    return true;
}

bool MemoryAccessStore::remove_referent(const std::string& login, const std::string& client_id,
                                        const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto it = std::find_if(s_.referents.begin(), s_.referents.end(), [&](const domain::Referent& r) {
        return r.login == login && r.client_id == client_id && !r.from_file;
    });
    if (it == s_.referents.end()) return false;
    s_.referents.erase(it);
    append_audit_locked(s_, audit);
    return true;
}

} // namespace esc::storage::memory
