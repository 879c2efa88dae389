#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

// Literals, so that each statement's text is a string constant (the connection caches by it).
#define CERT_COLUMNS                                                                                                   \
    "id, kind, account_id, workstation, site, mail_to, state, requested_by, requested_at, decided_by, decided_at, "    \
    "reason, withdrawal_token_hash, withdrawal_code_hash, withdrawal_expires_at, serial, issued_at, not_after, "       \
    "revoked_at"
#define AUDIT_COLUMNS "id, at, actor, action, target, before, after, address, session"

domain::WorkstationCertificate read_certificate(const Statement& row) {
    domain::WorkstationCertificate c;
    c.id = row.text(0);
    c.kind = domain::parse_kind(row.text(1)).value_or(domain::CertificateKind::personal);
    c.account_id = row.int64(2);
    c.workstation = row.text(3);
    c.site = row.text(4);
    c.mail_to = row.text(5);
    c.state = domain::parse_certificate_state(row.text(6)).value_or(domain::CertificateState::requested);
    c.requested_by = row.text(7);
    c.requested_at = row.int64(8);
    c.decided_by = row.text(9);
    c.decided_at = row.int64(10);
    c.reason = row.text(11);
    c.withdrawal_token_hash = row.text(12);
    c.withdrawal_code_hash = row.text(13);
    c.withdrawal_expires_at = row.int64(14);
    c.serial = row.text(15);
    c.issued_at = row.int64(16);
    c.not_after = row.int64(17);
    c.revoked_at = row.int64(18);
    return c;
}

std::optional<domain::WorkstationCertificate> one(Statement& stmt) {
    if (!stmt.step()) return std::nullopt;
    return read_certificate(stmt);
}

std::vector<domain::WorkstationCertificate> all(Statement& stmt) {
    std::vector<domain::WorkstationCertificate> out;
    while (stmt.step())
        out.push_back(read_certificate(stmt));
    return out;
}

} // namespace

void SqliteWorkstationCertificateStore::create(const domain::WorkstationCertificate& c,
                                               const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("INSERT INTO workstation_certificates(" CERT_COLUMNS
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(c.id, std::string(domain::kind_name(c.kind)), c.account_id, c.workstation, c.site, c.mail_to,
                  std::string(domain::state_name(c.state)), c.requested_by, c.requested_at, c.decided_by, c.decided_at,
                  c.reason, c.withdrawal_token_hash, c.withdrawal_code_hash, c.withdrawal_expires_at, c.serial,
                  c.issued_at, c.not_after, c.revoked_at)
        .run();
    append_audit(db, audit);
    tx.commit();
}

std::optional<domain::WorkstationCertificate> SqliteWorkstationCertificateStore::find(const std::string& id) {
    auto stmt = pool_.local().prepare("SELECT " CERT_COLUMNS " FROM workstation_certificates WHERE id = ?");
    stmt.bind_all(id);
    return one(stmt);
}

std::optional<domain::WorkstationCertificate>
SqliteWorkstationCertificateStore::find_by_serial(const std::string& serial) {
    if (serial.empty()) return std::nullopt;
    auto stmt = pool_.local().prepare("SELECT " CERT_COLUMNS " FROM workstation_certificates WHERE serial = ?");
    stmt.bind_all(serial);
    return one(stmt);
}

std::optional<domain::WorkstationCertificate>
SqliteWorkstationCertificateStore::find_by_withdrawal(const std::string& token_hash) {
    if (token_hash.empty()) return std::nullopt;
    auto stmt =
        pool_.local().prepare("SELECT " CERT_COLUMNS " FROM workstation_certificates WHERE withdrawal_token_hash = ?");
    stmt.bind_all(token_hash);
    return one(stmt);
}

std::vector<domain::WorkstationCertificate> SqliteWorkstationCertificateStore::of_account(std::int64_t account_id) {
    auto stmt = pool_.local().prepare("SELECT " CERT_COLUMNS " FROM workstation_certificates "
                                      "WHERE account_id = ? AND kind = 'personal' ORDER BY requested_at DESC, id");
    stmt.bind_all(account_id);
    return all(stmt);
}

std::vector<domain::WorkstationCertificate> SqliteWorkstationCertificateStore::in_state(domain::CertificateState state,
                                                                                        int limit) {
    auto stmt = pool_.local().prepare("SELECT " CERT_COLUMNS " FROM workstation_certificates "
                                      "WHERE state = ? ORDER BY requested_at, id LIMIT ?");
    stmt.bind_all(std::string(domain::state_name(state)), static_cast<std::int64_t>(limit));
    return all(stmt);
}

bool SqliteWorkstationCertificateStore::approve(const std::string& id, const std::string& decided_by,
                                                domain::UnixTime now, const std::string& token_hash,
                                                const std::string& code_hash, domain::UnixTime expires_at,
                                                const std::vector<domain::OutboundMail>& mails,
                                                const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE workstation_certificates SET state = 'approved', decided_by = ?, decided_at = ?, "
               "withdrawal_token_hash = ?, withdrawal_code_hash = ?, withdrawal_expires_at = ? "
               "WHERE id = ? AND state = 'requested'")
        .bind_all(decided_by, now, token_hash, code_hash, expires_at, id)
        .run();
    if (db.changes() != 1) return false;
    for (const auto& mail : mails)
        enqueue_mail(db, mail);
    append_audit(db, audit);
    tx.commit();
    return true;
}

bool SqliteWorkstationCertificateStore::refuse(const std::string& id, const std::string& decided_by,
                                               const std::string& reason, domain::UnixTime now,
                                               const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE workstation_certificates SET state = 'refused', decided_by = ?, decided_at = ?, reason = ? "
               "WHERE id = ? AND state = 'requested'")
        .bind_all(decided_by, now, reason, id)
        .run();
    if (db.changes() != 1) return false;
    append_audit(db, audit);
    tx.commit();
    return true;
}

bool SqliteWorkstationCertificateStore::issue(const std::string& id, domain::UnixTime now, const std::string& serial,
                                              domain::UnixTime not_after, const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE workstation_certificates SET state = 'issued', serial = ?, issued_at = ?, not_after = ? "
               "WHERE id = ? AND state = 'approved' AND withdrawal_expires_at >= ?")
        .bind_all(serial, now, not_after, id, now)
        .run();
    if (db.changes() != 1) return false;
    append_audit(db, audit);
    tx.commit();
    return true;
}

bool SqliteWorkstationCertificateStore::revoke(const std::string& id, domain::UnixTime now,
                                               const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE workstation_certificates SET state = 'revoked', revoked_at = ? "
               "WHERE id = ? AND state IN ('issued', 'approved')")
        .bind_all(now, id)
        .run();
    if (db.changes() != 1) return false;
    append_audit(db, audit);
    tx.commit();
    return true;
}

std::vector<std::pair<std::string, domain::UnixTime>> SqliteWorkstationCertificateStore::revoked_serials() {
    auto stmt = pool_.local().prepare("SELECT serial, revoked_at FROM workstation_certificates "
                                      "WHERE state = 'revoked' AND serial <> '' ORDER BY serial");
    std::vector<std::pair<std::string, domain::UnixTime>> out;
    while (stmt.step())
        out.emplace_back(stmt.text(0), stmt.int64(1));
    return out;
}

std::optional<StoredIssuingCa> SqliteWorkstationCertificateStore::issuing_ca() {
    auto stmt = pool_.local().prepare("SELECT certificate_pem, wrapped_key, created_at FROM issuing_ca WHERE id = 1");
    if (!stmt.step()) return std::nullopt;
    return StoredIssuingCa{stmt.text(0), stmt.text(1), stmt.int64(2)};
}

StoredIssuingCa SqliteWorkstationCertificateStore::keep_issuing_ca(const StoredIssuingCa& ca) {
    {
        WriteLock lock(pool_);
        lock.connection()
            .prepare("INSERT INTO issuing_ca(id, certificate_pem, wrapped_key, created_at) VALUES (1, ?, ?, ?) "
                     "ON CONFLICT(id) DO NOTHING")
            .bind_all(ca.certificate_pem, ca.wrapped_key, ca.created_at)
            .run();
    }
    return *issuing_ca();
}

void SqliteAuditLog::append(const domain::AuditEntry& entry) {
    WriteLock lock(pool_);
    append_audit(lock.connection(), entry);
}

std::vector<domain::AuditEntry> SqliteAuditLog::recent(int limit, const std::string& action_prefix) {
    auto stmt = pool_.local().prepare("SELECT " AUDIT_COLUMNS " FROM audit_log "
                                      "WHERE substr(action, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2");
    stmt.bind_all(action_prefix, static_cast<std::int64_t>(limit));
    std::vector<domain::AuditEntry> out;
    while (stmt.step()) {
        domain::AuditEntry e;
        e.id = stmt.int64(0);
        e.at = stmt.int64(1);
        e.actor = stmt.text(2);
        e.action = stmt.text(3);
        e.target = stmt.text(4);
        e.before = stmt.text(5);
        e.after = stmt.text(6);
        e.address = stmt.text(7);
        e.session = stmt.text(8);
        out.push_back(std::move(e));
    }
    return out;
}

void append_audit(Connection& db, const domain::AuditEntry& e) {
    db.prepare("INSERT INTO audit_log(at, actor, action, target, before, after, address, session) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(e.at, e.actor, e.action, e.target, e.before, e.after, e.address, e.session)
        .run();
}

} // namespace esc::storage::sqlite
