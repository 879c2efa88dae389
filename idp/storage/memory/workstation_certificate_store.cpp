#include <algorithm>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

namespace {
using domain::CertificateState;

domain::WorkstationCertificate* in(State& s, const std::string& id, CertificateState state) {
    auto it = s.workstation_certificates.find(id);
    return it != s.workstation_certificates.end() && it->second.state == state ? &it->second : nullptr;
}
} // namespace

void MemoryWorkstationCertificateStore::create(const domain::WorkstationCertificate& c,
                                               const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    if (!s_.workstation_certificates.emplace(c.id, c).second)
        throw StorageError("memory: workstation certificate id already exists");
    append_audit_locked(s_, audit);
}

std::optional<domain::WorkstationCertificate> MemoryWorkstationCertificateStore::find(const std::string& id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.workstation_certificates.find(id);
    if (it == s_.workstation_certificates.end()) return std::nullopt;
    return it->second;
}

std::optional<domain::WorkstationCertificate>
MemoryWorkstationCertificateStore::find_by_serial(const std::string& serial) {
    std::lock_guard lock(s_.mutex);
    if (serial.empty()) return std::nullopt;
    for (const auto& [id, c] : s_.workstation_certificates)
        if (c.serial == serial) return c;
    return std::nullopt;
}

std::optional<domain::WorkstationCertificate>
MemoryWorkstationCertificateStore::find_by_withdrawal(const std::string& token_hash) {
    std::lock_guard lock(s_.mutex);
    if (token_hash.empty()) return std::nullopt;
    for (const auto& [id, c] : s_.workstation_certificates)
        if (c.withdrawal_token_hash == token_hash) return c;
    return std::nullopt;
}

std::vector<domain::WorkstationCertificate> MemoryWorkstationCertificateStore::of_account(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::WorkstationCertificate> out;
    for (const auto& [id, c] : s_.workstation_certificates)
        if (c.account_id == account_id && c.kind == domain::CertificateKind::personal) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.requested_at != b.requested_at ? a.requested_at > b.requested_at : a.id < b.id;
    });
    return out;
}

std::vector<domain::WorkstationCertificate> MemoryWorkstationCertificateStore::in_state(CertificateState state,
                                                                                        int limit) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::WorkstationCertificate> out;
    for (const auto& [id, c] : s_.workstation_certificates)
        if (c.state == state) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.requested_at != b.requested_at ? a.requested_at < b.requested_at : a.id < b.id;
    });
    if (out.size() > static_cast<std::size_t>(std::max(limit, 0))) out.resize(static_cast<std::size_t>(limit));
    return out;
}

bool MemoryWorkstationCertificateStore::approve(const std::string& id, const std::string& decided_by,
                                                domain::UnixTime now, const std::string& token_hash,
                                                const std::string& code_hash, domain::UnixTime expires_at,
                                                const std::vector<domain::OutboundMail>& mails,
                                                const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto* c = in(s_, id, CertificateState::requested);
    if (!c) return false;
    c->state = CertificateState::approved;
    c->decided_by = decided_by;
    c->decided_at = now;
    c->withdrawal_token_hash = token_hash;
    c->withdrawal_code_hash = code_hash;
    c->withdrawal_expires_at = expires_at;
    for (const auto& mail : mails)
        enqueue_locked(s_, mail);
    append_audit_locked(s_, audit);
    return true;
}

bool MemoryWorkstationCertificateStore::refuse(const std::string& id, const std::string& decided_by,
                                               const std::string& reason, domain::UnixTime now,
                                               const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto* c = in(s_, id, CertificateState::requested);
    if (!c) return false;
    c->state = CertificateState::refused;
    c->decided_by = decided_by;
    c->decided_at = now;
    c->reason = reason;
    append_audit_locked(s_, audit);
    return true;
}

bool MemoryWorkstationCertificateStore::issue(const std::string& id, domain::UnixTime now, const std::string& serial,
                                              domain::UnixTime not_after, const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto* c = in(s_, id, CertificateState::approved);
    if (!c || c->withdrawal_expires_at < now) return false;
    c->state = CertificateState::issued;
    c->serial = serial;
    c->issued_at = now;
    c->not_after = not_after;
    append_audit_locked(s_, audit);
    return true;
}

bool MemoryWorkstationCertificateStore::revoke(const std::string& id, domain::UnixTime now,
                                               const domain::AuditEntry& audit) {
    std::lock_guard lock(s_.mutex);
    auto* c = in(s_, id, CertificateState::issued);
    if (!c) c = in(s_, id, CertificateState::approved);
    if (!c) return false;
    c->state = CertificateState::revoked;
    c->revoked_at = now;
    append_audit_locked(s_, audit);
    return true;
}

std::vector<std::pair<std::string, domain::UnixTime>> MemoryWorkstationCertificateStore::revoked_serials() {
    std::lock_guard lock(s_.mutex);
    std::vector<std::pair<std::string, domain::UnixTime>> out;
    for (const auto& [id, c] : s_.workstation_certificates)
        if (c.state == CertificateState::revoked && !c.serial.empty()) out.emplace_back(c.serial, c.revoked_at);
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<StoredIssuingCa> MemoryWorkstationCertificateStore::issuing_ca() {
    std::lock_guard lock(s_.mutex);
    return s_.issuing_ca;
}

StoredIssuingCa MemoryWorkstationCertificateStore::keep_issuing_ca(const StoredIssuingCa& ca) {
    std::lock_guard lock(s_.mutex);
    if (!s_.issuing_ca) s_.issuing_ca = ca;
    return *s_.issuing_ca;
}

void MemoryAuditLog::append(const domain::AuditEntry& entry) {
    std::lock_guard lock(s_.mutex);
    append_audit_locked(s_, entry);
}

std::vector<domain::AuditEntry> MemoryAuditLog::recent(int limit, const std::string& action_prefix) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::AuditEntry> out;
    for (auto it = s_.audit.rbegin(); it != s_.audit.rend() && static_cast<int>(out.size()) < limit; ++it)
        if (it->action.rfind(action_prefix, 0) == 0) out.push_back(*it);
    return out;
}

void append_audit_locked(State& s, domain::AuditEntry entry) {
    entry.id = static_cast<std::int64_t>(s.audit.size()) + 1;
    s.audit.push_back(std::move(entry));
}

} // namespace esc::storage::memory
