#include <algorithm>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

constexpr const char* kColumns =
    "id, client_id, uri, logout_token, created_at, next_attempt_at, attempts, state, last_error";

domain::LogoutDelivery read_delivery(const Statement& row) {
    domain::LogoutDelivery d;
    d.id = row.int64(0);
    d.client_id = row.text(1);
    d.uri = row.text(2);
    d.logout_token = row.text(3);
    d.created_at = row.int64(4);
    d.next_attempt_at = row.int64(5);
    d.attempts = static_cast<int>(row.int64(6));
    auto state = domain::mail_state_from_name(row.text(7));
    if (!state) throw StorageError("sqlite: a logout delivery has an unknown state");
    d.state = *state;
    d.last_error = row.text(8);
    return d;
}

} // namespace

void SqliteLogoutDeliveryQueue::enqueue(const std::vector<domain::LogoutDelivery>& deliveries) {
    WriteTransaction tx(pool_);
    for (const auto& d : deliveries)
        tx.connection()
            .prepare("INSERT INTO logout_deliveries(client_id, uri, logout_token, created_at, next_attempt_at) "
                     "VALUES (?, ?, ?, ?, ?)")
            .bind_all(d.client_id, d.uri, d.logout_token, d.created_at, d.next_attempt_at)
            .run();
    tx.commit();
}

std::vector<domain::LogoutDelivery> SqliteLogoutDeliveryQueue::claim_due(domain::UnixTime now,
                                                                         domain::UnixTime lease_until, int limit) {
    WriteTransaction tx(pool_);
    static const std::string sql =
        std::string("UPDATE logout_deliveries SET attempts = attempts + 1, next_attempt_at = ?1 WHERE id IN (SELECT id "
                    "FROM logout_deliveries WHERE state = 'pending' AND next_attempt_at <= ?2 ORDER BY "
                    "next_attempt_at, id LIMIT ?3) RETURNING ") +
        kColumns;
    auto stmt = tx.connection().prepare(sql.c_str());
    stmt.bind_all(lease_until, now, limit);
    std::vector<domain::LogoutDelivery> claimed;
    while (stmt.step())
        claimed.push_back(read_delivery(stmt));
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    tx.commit();
    return claimed;
}

void SqliteLogoutDeliveryQueue::mark_sent(std::int64_t id) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE logout_deliveries SET state = 'sent', last_error = '' WHERE id = ?")
        .bind_all(id)
        .run();
}

void SqliteLogoutDeliveryQueue::mark_retry(std::int64_t id, domain::UnixTime next_attempt_at,
                                           const std::string& error) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE logout_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ?")
        .bind_all(next_attempt_at, error, id)
        .run();
}

void SqliteLogoutDeliveryQueue::mark_failed(std::int64_t id, const std::string& error) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("UPDATE logout_deliveries SET state = 'failed', last_error = ? WHERE id = ?")
        .bind_all(error, id)
        .run();
}

std::vector<domain::LogoutDelivery> SqliteLogoutDeliveryQueue::recent(int limit) {
    static const std::string sql =
        std::string("SELECT ") + kColumns + " FROM logout_deliveries ORDER BY id DESC LIMIT ?";
    auto stmt = pool_.local().prepare(sql.c_str());
    stmt.bind_all(limit);
    std::vector<domain::LogoutDelivery> out;
    while (stmt.step())
        out.push_back(read_delivery(stmt));
    return out;
}

} // namespace esc::storage::sqlite
