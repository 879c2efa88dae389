#include <algorithm>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

constexpr const char* kMailColumns = "id, recipient, subject, body_text, body_html, created_at, next_attempt_at, "
                                     "attempts, state, last_error, sent_at";

domain::OutboundMail read_mail(const Statement& row) {
    domain::OutboundMail m;
    m.id = row.int64(0);
    m.recipient = row.text(1);
    m.subject = row.text(2);
    m.text = row.text(3);
    m.html = row.text(4);
    m.created_at = row.int64(5);
    m.next_attempt_at = row.int64(6);
    m.attempts = static_cast<int>(row.int64(7));
    auto state = domain::mail_state_from_name(row.text(8));
    if (!state) throw StorageError("sqlite: mail " + std::to_string(m.id) + " has an unknown state");
    m.state = *state;
    m.last_error = row.text(9);
    m.sent_at = row.int64(10);
    return m;
}

domain::AccountLink read_link(const Statement& row) {
    domain::AccountLink l;
    l.token_hash = row.text(0);
    auto purpose = domain::link_purpose_from_name(row.text(1));
    if (!purpose) throw StorageError("sqlite: a mailed link has an unknown purpose");
    l.purpose = *purpose;
    l.account_id = row.int64(2);
    l.email = row.text(3);
    l.created_at = row.int64(4);
    l.expires_at = row.int64(5);
    l.used_at = row.int64(6);
    return l;
}

constexpr const char* kLinkSelect =
    "SELECT token_hash, purpose, account_id, email, created_at, expires_at, used_at FROM account_links ";

} // namespace

std::int64_t enqueue_mail(Connection& db, const domain::OutboundMail& mail) {
    auto stmt = db.prepare("INSERT INTO mail_outbox(recipient, subject, body_text, body_html, created_at, "
                           "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    stmt.bind_all(mail.recipient, mail.subject, mail.text, mail.html, mail.created_at, mail.next_attempt_at);
    if (!stmt.step()) throw StorageError("sqlite: mail insert returned no id");
    const std::int64_t id = stmt.int64(0);
    stmt.run();
    return id;
}

std::optional<domain::AccountLink> consume_link(Connection& db, const std::string& token_hash,
                                                domain::LinkPurpose purpose, domain::UnixTime now,
                                                std::int64_t account_id) {
    // The WHERE is the compare-and-set: of two writers (serialised by SQLite) one changes the row.
    auto stmt = db.prepare("UPDATE account_links SET used_at = ?1 WHERE token_hash = ?2 AND purpose = ?3 "
                           "AND used_at = 0 AND expires_at >= ?1 AND (?4 = 0 OR account_id = ?4) "
                           "RETURNING token_hash, purpose, account_id, email, created_at, expires_at, used_at");
    stmt.bind_all(now, token_hash, std::string(domain::name_of(purpose)), account_id);
    if (!stmt.step()) return std::nullopt;
    auto link = read_link(stmt);
    stmt.run();
    return link;
}

std::int64_t SqliteMailOutbox::enqueue(const domain::OutboundMail& mail) {
    WriteLock lock(pool_);
    return enqueue_mail(lock.connection(), mail);
}

std::vector<domain::OutboundMail> SqliteMailOutbox::claim_due(domain::UnixTime now, domain::UnixTime lease_until,
                                                              int limit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    static const std::string sql =
        std::string("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?1 WHERE id IN (SELECT id FROM "
                    "mail_outbox WHERE state = 'pending' AND next_attempt_at <= ?2 ORDER BY next_attempt_at, id "
                    "LIMIT ?3) RETURNING ") +
        kMailColumns;
    auto stmt = db.prepare(sql.c_str());
    stmt.bind_all(lease_until, now, limit);
    std::vector<domain::OutboundMail> claimed;
    while (stmt.step())
        claimed.push_back(read_mail(stmt));
    // RETURNING gives no order: the oldest first, as the claim chose them.
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    tx.commit();
    return claimed;
}

void SqliteMailOutbox::mark_sent(std::int64_t id, domain::UnixTime now) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE mail_outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ?")
        .bind_all(now, id)
        .run();
}

void SqliteMailOutbox::mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE mail_outbox SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?")
        .bind_all(next_attempt_at, error, id)
        .run();
}

void SqliteMailOutbox::mark_failed(std::int64_t id, const std::string& error) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE mail_outbox SET state = 'failed', last_error = ? WHERE id = ?")
        .bind_all(error, id)
        .run();
}

std::vector<domain::OutboundMail> SqliteMailOutbox::recent(int limit, std::optional<domain::MailState> state) {
    static const std::string sql = std::string("SELECT ") + kMailColumns +
                                   " FROM mail_outbox WHERE (?1 = '' OR state = ?1) ORDER BY id DESC LIMIT ?2";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(state ? std::string(domain::name_of(*state)) : std::string(), limit);
    std::vector<domain::OutboundMail> out;
    while (stmt.step())
        out.push_back(read_mail(stmt));
    return out;
}

std::int64_t SqliteAccountLinkStore::issue(const domain::AccountLink& link, const domain::OutboundMail& mail) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("INSERT INTO account_links(token_hash, purpose, account_id, email, created_at, expires_at, used_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(link.token_hash, std::string(domain::name_of(link.purpose)), link.account_id, link.email,
                  link.created_at, link.expires_at, link.used_at)
        .run();
    const auto id = enqueue_mail(db, mail);
    tx.commit();
    return id;
}

std::optional<domain::AccountLink> SqliteAccountLinkStore::find_usable(const std::string& token_hash,
                                                                       domain::UnixTime now) {
    static const std::string sql =
        std::string(kLinkSelect) + "WHERE token_hash = ? AND used_at = 0 AND expires_at >= ?";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(token_hash, now);
    if (!stmt.step()) return std::nullopt;
    return read_link(stmt);
}

std::optional<domain::AccountLink> SqliteAccountLinkStore::consume(const std::string& token_hash,
                                                                   domain::LinkPurpose purpose, domain::UnixTime now) {
    WriteTransaction tx(pool_);
    auto link = consume_link(tx.connection(), token_hash, purpose, now);
    tx.commit();
    return link;
}

} // namespace esc::storage::sqlite
