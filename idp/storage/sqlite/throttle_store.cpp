#include <nlohmann/json.hpp>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {

std::vector<domain::UnixTime> parse_failures(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) throw StorageError("sqlite: stored throttle failures are not a JSON array");
    std::vector<domain::UnixTime> out;
    for (const auto& v : parsed) {
        if (!v.is_number_integer()) throw StorageError("sqlite: stored throttle failure is not an integer");
        out.push_back(v.get<domain::UnixTime>());
    }
    return out;
}

std::vector<domain::UnixTime> read_failures(Connection& db, const std::string& key) {
    auto stmt = db.prepare("SELECT failures FROM throttle_failures WHERE key = ?");
    stmt.bind_all(key);
    if (!stmt.step()) return {};
    return parse_failures(stmt.text(0));
}

} // namespace

// Read, change and write in one IMMEDIATE transaction: two nodes recording a failure for the same
// key at once both count.
std::vector<domain::UnixTime> SqliteThrottleStore::add_failure(const std::string& key, domain::UnixTime at,
                                                               domain::UnixTime forget_until, std::size_t keep,
                                                               domain::UnixTime expires_at) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    std::vector<domain::UnixTime> kept;
    for (auto t : read_failures(db, key))
        if (t > forget_until) kept.push_back(t);
    kept.push_back(at);
    if (kept.size() > keep) kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(keep));
    db.prepare("INSERT INTO throttle_failures(key, failures, expires_at) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(key) DO UPDATE SET failures = ?2, expires_at = max(expires_at, ?3)")
        .bind_all(key, nlohmann::json(kept).dump(), expires_at)
        .run();
    tx.commit();
    return kept;
}

std::vector<domain::UnixTime> SqliteThrottleStore::failures(const std::string& key) {
    return read_failures(pool_.local(), key);
}

void SqliteThrottleStore::clear_failures(const std::string& key) {
    WriteLock lock(pool_);
    lock.connection().prepare("DELETE FROM throttle_failures WHERE key = ?").bind_all(key).run();
}

std::int64_t SqliteThrottleStore::hit(const std::string& key, domain::UnixTime window_start,
                                      domain::UnixTime expires_at) {
    WriteLock lock(pool_);
    auto stmt = lock.connection().prepare(
        "INSERT INTO rate_windows(key, window_start, hits, expires_at) VALUES (?1, ?2, 1, ?3) "
        "ON CONFLICT(key) DO UPDATE SET "
        "hits = CASE WHEN window_start < ?2 THEN 1 ELSE hits + 1 END, "
        "expires_at = CASE WHEN window_start < ?2 THEN ?3 ELSE expires_at END, "
        "window_start = max(window_start, ?2) "
        "RETURNING hits");
    stmt.bind_all(key, window_start, expires_at);
    if (!stmt.step()) throw StorageError("sqlite: rate window upsert returned nothing");
    const std::int64_t hits = stmt.int64(0);
    stmt.run();
    return hits;
}

} // namespace esc::storage::sqlite
