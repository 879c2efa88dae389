#include <chrono>
#include <memory>
#include <mutex>

#include "storage/migrations.hpp"
#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {
namespace {

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, bool create)
        : pool_(path, create), accounts_(pool_), directory_(pool_), sessions_(pool_), codes_(pool_), tokens_(pool_),
          keys_(pool_), replay_(pool_), interactions_(pool_), throttle_(pool_), outbox_(pool_), links_(pool_),
          logouts_(pool_), devices_(pool_), credentials_(pool_), workstation_certificates_(pool_), audit_(pool_),
          access_(pool_) {}

    AccountStore& accounts() override { return accounts_; }
    DirectoryStore& directory() override { return directory_; }
    SessionStore& sessions() override { return sessions_; }
    CodeStore& codes() override { return codes_; }
    TokenStore& tokens() override { return tokens_; }
    KeyStore& keys() override { return keys_; }
    ReplayStore& replay() override { return replay_; }
    InteractionStore& interactions() override { return interactions_; }
    ThrottleStore& throttle() override { return throttle_; }
    MailOutbox& outbox() override { return outbox_; }
    AccountLinkStore& links() override { return links_; }
    LogoutDeliveryQueue& logout_deliveries() override { return logouts_; }
    DeviceStore& devices() override { return devices_; }
    CredentialStore& credentials() override { return credentials_; }
    WorkstationCertificateStore& workstation_certificates() override { return workstation_certificates_; }
    AuditLog& audit() override { return audit_; }
    AccessStore& access() override { return access_; }

    int migrate() override;
    int schema_version() override;
    std::int64_t purge_expired(domain::UnixTime now) override;
    void checkpoint() override;
    std::string write_problem() override;

private:
    static int current_version(Connection& db);

    ConnectionPool pool_;
    SqliteAccountStore accounts_;
    SqliteDirectoryStore directory_;
    SqliteSessionStore sessions_;
    SqliteCodeStore codes_;
    SqliteTokenStore tokens_;
    SqliteKeyStore keys_;
    SqliteReplayStore replay_;
    SqliteInteractionStore interactions_;
    SqliteThrottleStore throttle_;
    SqliteMailOutbox outbox_;
    SqliteAccountLinkStore links_;
    SqliteLogoutDeliveryQueue logouts_;
    SqliteDeviceStore devices_;
    SqliteCredentialStore credentials_;
    SqliteWorkstationCertificateStore workstation_certificates_;
    SqliteAuditLog audit_;
    SqliteAccessStore access_;
    std::mutex probe_mutex_;
    std::chrono::steady_clock::time_point probed_at_{};
    std::string probe_problem_;
};

int SqliteStore::current_version(Connection& db) {
    auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.step()) return 0;
    auto stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    stmt.step();
    return static_cast<int>(stmt.int64(0));
}

// Each migration runs in its own IMMEDIATE transaction and re-reads the version inside it, so two
// processes migrating the same file at once apply every step exactly once.
int SqliteStore::migrate() {
    {
        WriteLock lock(pool_);
        lock.connection().exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                               "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    }
    int applied = 0;
    for (const Migration& migration : sqlite_migrations()) {
        WriteTransaction tx(pool_);
        auto& db = tx.connection();
        if (migration.version <= current_version(db)) continue;
        try {
            db.exec(migration.sql);
        } catch (const StorageError& error) {
            throw StorageError(std::string("migration ") + migration.name + " failed: " + error.what());
        }
        db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)")
            .bind_all(migration.version, migration.name, domain::SystemClock().now())
            .run();
        tx.commit();
        ++applied;
    }
    return applied;
}

int SqliteStore::schema_version() {
    return current_version(pool_.local());
}

// Rows whose expiry has come (`expires_at <= now`, as for JWT `exp`, RFC 7519 §4.1.4). Used
// codes and refresh tokens stay until then so that a replay is still recognised.
std::int64_t SqliteStore::purge_expired(domain::UnixTime now) {
    static const char* const kPurges[] = {
        "DELETE FROM auth_codes WHERE expires_at <= ?",        "DELETE FROM sessions WHERE expires_at <= ?",
        "DELETE FROM refresh_tokens WHERE expires_at <= ?",    "DELETE FROM access_tokens WHERE expires_at <= ?",
        "DELETE FROM replay_values WHERE expires_at <= ?",
        "DELETE FROM interactions WHERE expires_at < ?", // alive through its last second (find)
        "DELETE FROM throttle_failures WHERE expires_at <= ?", "DELETE FROM rate_windows WHERE expires_at <= ?",
        "DELETE FROM account_links WHERE expires_at <= ?",
    };
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    std::int64_t removed = 0;
    for (const char* sql : kPurges) {
        db.prepare(sql).bind_all(now).run();
        removed += db.changes();
    }
    db.prepare("DELETE FROM mail_outbox WHERE state = 'sent' AND sent_at <= ?")
        .bind_all(now - kSentMailRetention)
        .run();
    removed += db.changes();
    // A session gone takes the record of its relying parties with it (a consequence, not counted).
    db.prepare("DELETE FROM session_clients WHERE sid NOT IN (SELECT sid FROM sessions)").run();
    db.prepare("DELETE FROM logout_deliveries WHERE state <> 'pending' AND created_at <= ?")
        .bind_all(now - kSentMailRetention)
        .run();
    removed += db.changes();
    // A sealed grace response is kept for its interval only (RFC 9700 §4.14.2 grace); not a removal.
    db.prepare("UPDATE refresh_tokens SET grace_response = NULL WHERE grace_response IS NOT NULL AND grace_until <= ?")
        .bind_all(now)
        .run();
    tx.commit();
    return removed;
}

// TRUNCATE waits for the writer (busy timeout) and resets the log to zero bytes; readers that hold
// an old snapshot only make it partial, which the next run completes.
void SqliteStore::checkpoint() {
    WriteLock lock(pool_);
    lock.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

std::string SqliteStore::write_problem() {
    // A failed real write (disk full, read-only file) counts for 30 s: a one-row probe can still
    // fit into the log's already allocated pages while larger writes fail.
    constexpr std::int64_t kFailureWindowMs = 30000;
    if (auto recent = pool_.health().recent_failure(kFailureWindowMs); !recent.empty()) return recent;
    // At most one probe write per second, however often readiness is polled.
    std::lock_guard guard(probe_mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - probed_at_ < std::chrono::seconds(1)) return probe_problem_;
    probed_at_ = now;
    try {
        WriteLock lock(pool_);
        lock.connection()
            .prepare("INSERT INTO replay_values(key, expires_at) VALUES ('esculape:readiness-probe', ?) "
                     "ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at")
            .bind_all(domain::SystemClock().now() + 60)
            .run();
        probe_problem_.clear();
    } catch (const StorageError& e) {
        probe_problem_ = e.what();
    }
    return probe_problem_;
}

} // namespace
} // namespace esc::storage::sqlite

namespace esc::storage {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode mode) {
    return std::make_unique<sqlite::SqliteStore>(path, mode == OpenMode::create_if_missing);
}

} // namespace esc::storage
