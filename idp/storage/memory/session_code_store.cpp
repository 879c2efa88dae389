#include "storage/memory/stores.hpp"
#include <algorithm>

namespace esc::storage::memory {

void MemorySessionStore::create(const domain::Session& session) {
    std::lock_guard lock(s_.mutex);
    if (s_.sessions.count(session.id_hash)) throw StorageError("memory: session id already exists");
    for (const auto& [hash, existing] : s_.sessions)
        if (existing.sid == session.sid) throw StorageError("memory: session sid already exists");
    s_.sessions[session.id_hash] = session;
}

std::optional<domain::Session> MemorySessionStore::find(const std::string& id_hash) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.sessions.find(id_hash);
    if (it == s_.sessions.end()) return std::nullopt;
    return it->second;
}

std::optional<domain::Session> MemorySessionStore::find_by_sid(const std::string& sid) {
    std::lock_guard lock(s_.mutex);
    for (const auto& [hash, session] : s_.sessions)
        if (session.sid == sid) return session;
    return std::nullopt;
}

// Never moves backwards: concurrent requests of one browser may finish out of order.
void MemorySessionStore::touch(const std::string& id_hash, domain::UnixTime last_seen) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.sessions.find(id_hash);
    if (it != s_.sessions.end() && it->second.last_seen < last_seen) it->second.last_seen = last_seen;
}

void MemorySessionStore::remove(const std::string& id_hash) {
    std::lock_guard lock(s_.mutex);
    s_.sessions.erase(id_hash);
}

bool MemorySessionStore::raise_assurance(const std::string& id_hash, const std::string& new_id_hash,
                                         const domain::AuthContext& auth) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.sessions.find(id_hash);
    if (it == s_.sessions.end()) return false;
    if (new_id_hash != id_hash && s_.sessions.count(new_id_hash))
        throw StorageError("memory: session id already exists");
    auto session = it->second;
    s_.sessions.erase(it);
    session.id_hash = new_id_hash;
    session.auth = auth;
    s_.sessions[new_id_hash] = session;
    return true;
}

std::vector<domain::Session> MemorySessionStore::for_account(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::Session> found;
    for (const auto& [hash, session] : s_.sessions)
        if (session.account_id == account_id) found.push_back(session);
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    return found;
}

std::vector<std::string> MemorySessionStore::clients_of(const std::string& sid) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.session_clients.find(sid);
    if (it == s_.session_clients.end()) return {};
    return {it->second.begin(), it->second.end()};
}

void MemoryCodeStore::save(const domain::AuthCode& code, bool track_session) {
    std::lock_guard lock(s_.mutex);
    if (s_.codes.count(code.code_hash)) throw StorageError("memory: authorization code already exists");
    s_.codes[code.code_hash] = code;
    s_.code_redemptions[code.code_hash] = code.used ? 1 : 0;
    if (track_session && !code.sid.empty()) s_.session_clients[code.sid].insert(code.client_id);
}

std::optional<domain::AuthCode> MemoryCodeStore::find(const std::string& code_hash) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.codes.find(code_hash);
    if (it == s_.codes.end()) return std::nullopt;
    auto code = it->second;
    code.used = s_.code_redemptions[code_hash] > 0;
    return code;
}

// Redemptions are counted: the first sees one, any later one is a replay (RFC 6749 §4.1.2).
std::optional<domain::AuthCode> MemoryCodeStore::consume(const std::string& code_hash) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.codes.find(code_hash);
    if (it == s_.codes.end()) return std::nullopt;
    auto code = it->second;
    code.used = ++s_.code_redemptions[code_hash] > 1;
    return code;
}

} // namespace esc::storage::memory
