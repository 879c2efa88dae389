#include <algorithm>
#include <limits>
#include <sstream>

#include "storage/sqlite/stores.hpp"

namespace esc::storage::sqlite {

namespace {
using domain::AccessState;

// Literals, so that each statement's text is a string constant (the connection caches by it).
#define ACCESS_COLUMNS                                                                                                 \
    "r.account_id, r.client_id, r.state, r.requested_at, r.decided_at, r.decided_by, r.reason, r.uncovered, "          \
    "(SELECT group_concat(p.postal_code, ' ') FROM access_request_places p "                                           \
    "WHERE p.account_id = r.account_id AND p.client_id = r.client_id)"
// A row value, so that the queue index seeks to the page's start instead of walking down to it.
#define ACCESS_PAGE "(r.requested_at, r.account_id) < (?, ?)"
#define ACCESS_ORDER " ORDER BY r.requested_at DESC, r.account_id DESC LIMIT ?"
#define IN_PREFIX                                                                                                      \
    "EXISTS (SELECT 1 FROM access_request_places p WHERE p.client_id = r.client_id AND p.account_id = r.account_id "   \
    "AND p.postal_code >= ? AND p.postal_code < ?)"
#define REFERENT_COLUMNS "login, client_id, departments, postal_prefixes, is_default, from_file"

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : " ") + i;
    return out;
}

domain::AccessRequest read_access(const Statement& row) {
    domain::AccessRequest r;
    r.account_id = row.int64(0);
    r.client_id = row.text(1);
    auto state = domain::access_state_from_name(row.text(2));
    if (!state) throw StorageError("sqlite: an access request has an unknown state");
    r.state = *state;
    r.requested_at = row.int64(3);
    r.decided_at = row.int64(4);
    r.decided_by = row.text(5);
    r.reason = row.text(6);
    r.uncovered = row.int64(7) != 0;
    r.postal_codes = words(row.text(8));
    std::sort(r.postal_codes.begin(), r.postal_codes.end());
    return r;
}

std::vector<domain::AccessRequest> all(Statement& stmt) {
    std::vector<domain::AccessRequest> out;
    while (stmt.step())
        out.push_back(read_access(stmt));
    return out;
}

domain::Referent read_referent(const Statement& row) {
    domain::Referent r;
    r.login = row.text(0);
    r.client_id = row.text(1);
    r.territory.departments = words(row.text(2));
    r.territory.postal_prefixes = words(row.text(3));
    r.is_default = row.int64(4) != 0;
    r.from_file = row.int64(5) != 0;
    return r;
}

std::vector<domain::Referent> all_referents(Statement& stmt) {
    std::vector<domain::Referent> out;
    while (stmt.step())
        out.push_back(read_referent(stmt));
    return out;
}

std::optional<AccessState> current_state(Connection& db, std::int64_t account_id, const std::string& client_id) {
    auto stmt = db.prepare("SELECT state FROM access_requests WHERE account_id = ? AND client_id = ?");
    stmt.bind_all(account_id, client_id);
    if (!stmt.step()) return std::nullopt;
    return domain::access_state_from_name(stmt.text(0));
}

void record(Connection& db, std::int64_t account_id, const std::string& client_id, std::optional<AccessState> from,
            AccessState to, domain::UnixTime at, const std::string& by, const std::string& reason,
            const std::vector<domain::OutboundMail>& mails, const domain::AuditEntry& audit) {
    db.prepare("INSERT INTO access_history(account_id, client_id, from_state, to_state, at, by_login, reason) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(account_id, client_id, from ? std::string(domain::name_of(*from)) : std::string(),
                  std::string(domain::name_of(to)), at, by, reason)
        .run();
    for (const auto& m : mails)
        enqueue_mail(db, m);
    append_audit(db, audit);
}

// The first postal code after every code starting with `prefix` ("44" → "45", "209" → "20:").
std::string after_prefix(std::string prefix) {
    prefix.back() = static_cast<char>(prefix.back() + 1);
    return prefix;
}

// Newest first by (requested_at, account_id), without duplicates, at most `limit`.
void merge_page(std::vector<domain::AccessRequest>& rows, int limit) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.requested_at != b.requested_at ? a.requested_at > b.requested_at : a.account_id > b.account_id;
    });
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const auto& a, const auto& b) { return a.account_id == b.account_id; }),
               rows.end());
    if (rows.size() > static_cast<std::size_t>(limit)) rows.resize(static_cast<std::size_t>(limit));
}
} // namespace

std::optional<domain::AccessRequest> SqliteAccessStore::find(std::int64_t account_id, const std::string& client_id) {
    auto stmt = pool_.local().prepare("SELECT " ACCESS_COLUMNS
                                      " FROM access_requests r WHERE r.account_id = ? AND r.client_id = ?");
    stmt.bind_all(account_id, client_id);
    if (!stmt.step()) return std::nullopt;
    return read_access(stmt);
}

std::vector<domain::AccessRequest> SqliteAccessStore::of_account(std::int64_t account_id) {
    auto stmt = pool_.local().prepare("SELECT " ACCESS_COLUMNS
                                      " FROM access_requests r WHERE r.account_id = ? ORDER BY r.client_id");
    stmt.bind_all(account_id);
    return all(stmt);
}

RequestOutcome SqliteAccessStore::request(const domain::AccessRequest& request,
                                          const std::vector<domain::OutboundMail>& mails,
                                          const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    auto current = current_state(db, request.account_id, request.client_id);
    if (!domain::state_after_request(current))
        return *current == AccessState::accepted ? RequestOutcome::already_accepted : RequestOutcome::already_pending;
    db.prepare(
          "INSERT INTO access_requests(account_id, client_id, state, requested_at, decided_at, decided_by, reason, "
          "uncovered) VALUES (?, ?, 'to_process', ?, 0, '', '', ?) ON CONFLICT(account_id, client_id) DO UPDATE "
          "SET state = 'to_process', requested_at = excluded.requested_at, decided_at = 0, decided_by = '', "
          "reason = '', uncovered = excluded.uncovered")
        .bind_all(request.account_id, request.client_id, request.requested_at, request.uncovered)
        .run();
    db.prepare("DELETE FROM access_request_places WHERE account_id = ? AND client_id = ?")
        .bind_all(request.account_id, request.client_id)
        .run();
    for (const auto& code : request.postal_codes)
        db.prepare("INSERT OR IGNORE INTO access_request_places(client_id, postal_code, account_id) VALUES (?, ?, ?)")
            .bind_all(request.client_id, code, request.account_id)
            .run();
    record(db, request.account_id, request.client_id, current, AccessState::to_process, request.requested_at,
           audit.actor, "", mails, audit);
    tx.commit();
    return current ? RequestOutcome::renewed : RequestOutcome::created;
}

bool SqliteAccessStore::decide(std::int64_t account_id, const std::string& client_id, AccessState expected,
                               AccessState target, const std::string& by, const std::string& reason,
                               domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                               const domain::AuditEntry& audit) {
    if (!domain::may_decide(expected, target)) return false;
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("UPDATE access_requests SET state = ?, decided_at = ?, decided_by = ?, reason = ? "
               "WHERE account_id = ? AND client_id = ? AND state = ?")
        .bind_all(std::string(domain::name_of(target)), now, by, reason, account_id, client_id,
                  std::string(domain::name_of(expected)))
        .run();
    if (db.changes() != 1) return false;
    record(db, account_id, client_id, expected, target, now, by, reason, mails, audit);
    tx.commit();
    return true;
}

bool SqliteAccessStore::grant(std::int64_t account_id, const std::string& client_id, const std::string& by,
                              domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                              const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    auto current = current_state(db, account_id, client_id);
    if (current == AccessState::accepted) return false;
    db.prepare(
          "INSERT INTO access_requests(account_id, client_id, state, requested_at, decided_at, decided_by, reason) "
          "VALUES (?, ?, 'accepted', ?, ?, ?, '') ON CONFLICT(account_id, client_id) DO UPDATE "
          "SET state = 'accepted', decided_at = excluded.decided_at, decided_by = excluded.decided_by, reason = ''")
        .bind_all(account_id, client_id, now, now, by)
        .run();
    record(db, account_id, client_id, current, AccessState::accepted, now, by, "", mails, audit);
    tx.commit();
    return true;
}

std::vector<domain::AccessEvent> SqliteAccessStore::history(std::int64_t account_id, const std::string& client_id) {
    auto stmt = pool_.local().prepare("SELECT from_state, to_state, at, by_login, reason FROM access_history "
                                      "WHERE account_id = ? AND client_id = ? ORDER BY id");
    stmt.bind_all(account_id, client_id);
    std::vector<domain::AccessEvent> out;
    while (stmt.step()) {
        domain::AccessEvent e;
        e.account_id = account_id;
        e.client_id = client_id;
        e.from = domain::access_state_from_name(stmt.text(0));
        e.to = domain::access_state_from_name(stmt.text(1)).value_or(AccessState::to_process);
        e.at = stmt.int64(2);
        e.by = stmt.text(3);
        e.reason = stmt.text(4);
        out.push_back(e);
    }
    return out;
}

// One indexed query per territory prefix (and one for the uncovered requests), each already a
// page, merged here: the (client, state, requested_at) index walks newest first and stops at the
// page's size.
std::vector<domain::AccessRequest> SqliteAccessStore::list(const AccessQuery& q) {
    const int limit = std::clamp(q.limit, 0, 1000);
    const std::int64_t before_at = q.before_at == 0 ? std::numeric_limits<std::int64_t>::max() : q.before_at;
    const std::int64_t before_account = q.before_at == 0 ? std::numeric_limits<std::int64_t>::max() : q.before_account;
    auto& db = pool_.local();
    ReadTransaction snapshot(db);
    std::vector<domain::AccessRequest> rows;
    auto run = [&](Statement& stmt) {
        auto page = all(stmt);
        rows.insert(rows.end(), page.begin(), page.end());
    };
    const std::string state = q.state ? std::string(domain::name_of(*q.state)) : std::string();
    if (q.everywhere) {
        if (q.state) {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS " FROM access_requests r WHERE r.client_id = ? AND "
                                   "r.state = ? AND " ACCESS_PAGE ACCESS_ORDER);
            stmt.bind_all(q.client_id, state, before_at, before_account, limit);
            run(stmt);
        } else {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS
                                   " FROM access_requests r WHERE r.client_id = ? AND " ACCESS_PAGE ACCESS_ORDER);
            stmt.bind_all(q.client_id, before_at, before_account, limit);
            run(stmt);
        }
        merge_page(rows, limit);
        return rows;
    }
    for (const auto& prefix : q.postal_prefixes) {
        if (prefix.empty()) continue;
        if (q.state) {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS " FROM access_requests r WHERE r.client_id = ? AND "
                                   "r.state = ? AND " ACCESS_PAGE " AND " IN_PREFIX ACCESS_ORDER);
            stmt.bind_all(q.client_id, state, before_at, before_account, prefix, after_prefix(prefix), limit);
            run(stmt);
        } else {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS " FROM access_requests r WHERE r.client_id = ? AND "
                                   "" ACCESS_PAGE " AND " IN_PREFIX ACCESS_ORDER);
            stmt.bind_all(q.client_id, before_at, before_account, prefix, after_prefix(prefix), limit);
            run(stmt);
        }
    }
    if (q.uncovered) {
        if (q.state) {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS " FROM access_requests r WHERE r.client_id = ? AND "
                                   "r.state = ? AND r.uncovered = 1 AND " ACCESS_PAGE ACCESS_ORDER);
            stmt.bind_all(q.client_id, state, before_at, before_account, limit);
            run(stmt);
        } else {
            auto stmt = db.prepare("SELECT " ACCESS_COLUMNS " FROM access_requests r WHERE r.client_id = ? AND "
                                   "r.uncovered = 1 AND " ACCESS_PAGE ACCESS_ORDER);
            stmt.bind_all(q.client_id, before_at, before_account, limit);
            run(stmt);
        }
    }
    merge_page(rows, limit);
    return rows;
}

void SqliteAccessStore::replace_file_referents(const std::vector<domain::Referent>& referents) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("DELETE FROM service_referents WHERE from_file = 1").run();
    for (const auto& r : referents)
        db.prepare("INSERT INTO service_referents(" REFERENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, 1) "
                   "ON CONFLICT(login, client_id) DO UPDATE SET departments = excluded.departments, "
                   "postal_prefixes = excluded.postal_prefixes, is_default = excluded.is_default, from_file = 1")
            .bind_all(r.login, r.client_id, joined(r.territory.departments), joined(r.territory.postal_prefixes),
                      r.is_default)
            .run();
    tx.commit();
}

std::vector<domain::Referent> SqliteAccessStore::referents(const std::string& client_id) {
    if (client_id.empty()) {
        auto stmt =
            pool_.local().prepare("SELECT " REFERENT_COLUMNS " FROM service_referents ORDER BY client_id, login");
        return all_referents(stmt);
    }
    auto stmt =
        pool_.local().prepare("SELECT " REFERENT_COLUMNS " FROM service_referents WHERE client_id = ? ORDER BY login");
    stmt.bind_all(client_id);
    return all_referents(stmt);
}

std::vector<domain::Referent> SqliteAccessStore::charges_of(const std::string& login) {
    auto stmt =
        pool_.local().prepare("SELECT " REFERENT_COLUMNS " FROM service_referents WHERE login = ? ORDER BY client_id");
    stmt.bind_all(login);
    return all_referents(stmt);
}

bool SqliteAccessStore::add_referent(const domain::Referent& r, const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("INSERT INTO service_referents(" REFERENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")
        .bind_all(r.login, r.client_id, joined(r.territory.departments), joined(r.territory.postal_prefixes),
                  r.is_default)
        .run();
    if (db.changes() != 1) return false;
    append_audit(db, audit);
    tx.commit();
    return true;
}

bool SqliteAccessStore::remove_referent(const std::string& login, const std::string& client_id,
                                        const domain::AuditEntry& audit) {
    WriteTransaction tx(pool_);
    auto& db = tx.connection();
    db.prepare("DELETE FROM service_referents WHERE login = ? AND client_id = ? AND from_file = 0")
        .bind_all(login, client_id)
        .run();
    if (db.changes() != 1) return false;
    append_audit(db, audit);
    tx.commit();
    return true;
}

} // namespace esc::storage::sqlite
