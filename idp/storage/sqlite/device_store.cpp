#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

// Literals, so that each statement's text is a string constant (the connection caches by it).
#define DEVICE_COLUMNS "id, account_id, name, public_jwk, created_at, last_used_at, revoked_at"
#define REQUEST_COLUMNS                                                                                                \
    "id, kind, account_id, client_id, service, binding_code, challenge, interaction_id, auth_req_id_hash, scope, "     \
    "state, device_id, created_at, expires_at, decided_at, polled_at, poll_interval"

domain::AuthDevice read_device(const Statement& row) {
    domain::AuthDevice d;
    d.id = row.text(0);
    d.account_id = row.int64(1);
    d.name = row.text(2);
    d.public_jwk = row.text(3);
    d.created_at = row.int64(4);
    d.last_used_at = row.int64(5);
    d.revoked_at = row.int64(6);
    return d;
}

domain::MobileRequest read_request(const Statement& row) {
    domain::MobileRequest r;
    r.id = row.text(0);
    r.kind = row.text(1) == "ciba" ? domain::MobileKind::ciba : domain::MobileKind::login;
    r.account_id = row.int64(2);
    r.client_id = row.text(3);
    r.service = row.text(4);
    r.binding_code = row.text(5);
    r.challenge = row.text(6);
    r.interaction_id = row.text(7);
    r.auth_req_id_hash = row.text(8);
    r.scope = row.text(9);
    r.state = domain::mobile_state_from(row.text(10));
    r.device_id = row.text(11);
    r.created_at = row.int64(12);
    r.expires_at = row.int64(13);
    r.decided_at = row.int64(14);
    r.polled_at = row.int64(15);
    r.interval = static_cast<int>(row.int64(16));
    return r;
}

} // namespace

void SqliteDeviceStore::add_activation(const std::string& code_hash, std::int64_t account_id, domain::UnixTime now,
                                       domain::UnixTime expires_at) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("INSERT INTO device_activations(code_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind_all(code_hash, account_id, now, expires_at)
        .run();
}

std::optional<domain::AuthDevice> SqliteDeviceStore::enroll(const std::string& code_hash, domain::AuthDevice device,
                                                            domain::UnixTime now) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    auto spend = db.prepare("UPDATE device_activations SET used_at = ?1 WHERE code_hash = ?2 AND used_at = 0 "
                            "AND expires_at >= ?1 RETURNING account_id");
    spend.bind_all(now, code_hash);
    if (!spend.step()) return std::nullopt;
    device.account_id = spend.int64(0);
    spend.run();
    device.created_at = now;
    db.prepare("INSERT INTO auth_devices(id, account_id, name, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind_all(device.id, device.account_id, device.name, device.public_jwk, now)
        .run();
    tx.commit();
    return device;
}

std::optional<domain::AuthDevice> SqliteDeviceStore::find_device(const std::string& id) {
    auto stmt = pool_.local().prepare("SELECT " DEVICE_COLUMNS " FROM auth_devices WHERE id = ?");
    stmt.bind_all(id);
    if (!stmt.step()) return std::nullopt;
    return read_device(stmt);
}

std::vector<domain::AuthDevice> SqliteDeviceStore::devices_of(std::int64_t account_id) {
    auto stmt = pool_.local().prepare("SELECT " DEVICE_COLUMNS
                                      " FROM auth_devices WHERE account_id = ? AND revoked_at = 0 ORDER BY created_at");
    stmt.bind_all(account_id);
    std::vector<domain::AuthDevice> out;
    while (stmt.step())
        out.push_back(read_device(stmt));
    return out;
}

bool SqliteDeviceStore::revoke_device(const std::string& id, std::int64_t account_id, domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE auth_devices SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at = 0")
        .bind_all(now, id, account_id)
        .run();
    return db.changes() == 1;
}

void SqliteDeviceStore::touch_device(const std::string& id, domain::UnixTime now) {
    WriteLock lock(pool_);
    lock.connection().prepare("UPDATE auth_devices SET last_used_at = ? WHERE id = ?").bind_all(now, id).run();
}

void SqliteDeviceStore::create_request(const domain::MobileRequest& r) {
    WriteLock lock(pool_);
    lock.connection()
        .prepare("INSERT INTO mobile_requests(" REQUEST_COLUMNS
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(r.id, std::string(r.kind == domain::MobileKind::ciba ? "ciba" : "login"), r.account_id, r.client_id,
                  r.service, r.binding_code, r.challenge, r.interaction_id, r.auth_req_id_hash, r.scope,
                  std::string(domain::name_of(r.state)), r.device_id, r.created_at, r.expires_at, r.decided_at,
                  r.polled_at, static_cast<std::int64_t>(r.interval))
        .run();
}

std::optional<domain::MobileRequest> SqliteDeviceStore::find_request(const std::string& id) {
    auto stmt = pool_.local().prepare("SELECT " REQUEST_COLUMNS " FROM mobile_requests WHERE id = ?");
    stmt.bind_all(id);
    if (!stmt.step()) return std::nullopt;
    return read_request(stmt);
}

std::optional<domain::MobileRequest> SqliteDeviceStore::find_ciba(const std::string& auth_req_id_hash) {
    if (auth_req_id_hash.empty()) return std::nullopt;
    auto stmt = pool_.local().prepare("SELECT " REQUEST_COLUMNS " FROM mobile_requests WHERE auth_req_id_hash = ?");
    stmt.bind_all(auth_req_id_hash);
    if (!stmt.step()) return std::nullopt;
    return read_request(stmt);
}

std::vector<domain::MobileRequest> SqliteDeviceStore::pending_for(std::int64_t account_id, domain::UnixTime now) {
    auto stmt = pool_.local().prepare("SELECT " REQUEST_COLUMNS
                                      " FROM mobile_requests WHERE account_id = ? AND state = 'pending' AND "
                                      "expires_at >= ? ORDER BY created_at, id");
    stmt.bind_all(account_id, now);
    std::vector<domain::MobileRequest> out;
    while (stmt.step())
        out.push_back(read_request(stmt));
    return out;
}

bool SqliteDeviceStore::decide(const std::string& id, domain::MobileState decision, const std::string& device_id,
                               domain::UnixTime now) {
    WriteLock lock(pool_);
    auto& db = lock.connection();
    db.prepare("UPDATE mobile_requests SET state = ?1, device_id = ?2, decided_at = ?3 WHERE id = ?4 AND "
               "state = 'pending' AND expires_at >= ?3")
        .bind_all(std::string(domain::name_of(decision)), device_id, now, id)
        .run();
    return db.changes() == 1;
}

domain::UnixTime SqliteDeviceStore::record_poll(const std::string& id, domain::UnixTime now, int interval) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    auto read = db.prepare("SELECT polled_at FROM mobile_requests WHERE id = ?");
    read.bind_all(id);
    if (!read.step()) return 0;
    const domain::UnixTime previous = read.int64(0);
    read.run();
    db.prepare("UPDATE mobile_requests SET polled_at = ?, poll_interval = ? WHERE id = ?")
        .bind_all(now, static_cast<std::int64_t>(interval), id)
        .run();
    tx.commit();
    return previous;
}

} // namespace esc::storage::sqlite
