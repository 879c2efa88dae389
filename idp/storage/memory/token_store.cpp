#include <set>

#include "storage/memory/stores.hpp"

// The reference behaviour of TokenStore (storage/store.hpp): the SQLite backend's statements
// (storage/sqlite/token_store.cpp) must do what this file does.
namespace esc::storage::memory {

namespace {

bool code_replayed(const State& s, const std::string& code_hash) {
    auto it = s.code_redemptions.find(code_hash);
    return it != s.code_redemptions.end() && it->second > 1;
}

bool family_revoked(const State& s, const std::string& family_id) {
    for (const auto& [hash, token] : s.refresh_tokens)
        if (token.family_id == family_id && token.revoked) return true;
    return false;
}

void check_new(const State& s, const IssuedTokens& issued) {
    if (issued.refresh && s.refresh_tokens.count(issued.refresh->token_hash))
        throw StorageError("memory: refresh token already exists");
    if (issued.access && s.access_tokens.count(issued.access->jti))
        throw StorageError("memory: access token jti already exists");
}

// Born revoked: a token saved after its code was replayed, or into a family already revoked
// (the replay or reuse may be detected by a concurrent request before this one writes).
void insert_refresh(State& s, const domain::RefreshToken& token) {
    domain::RefreshToken stored = token;
    stored.revoked = token.revoked || code_replayed(s, token.code_hash) || family_revoked(s, token.family_id);
    s.refresh_tokens[token.token_hash] = std::move(stored);
}

// The sid comes from the family (or the code that produced the token), so a logout finds it
// after those are purged; born revoked by the same rule as refresh tokens.
void insert_access(State& s, const domain::IssuedAccessToken& token) {
    AccessTokenRow row{token, "", false};
    bool from_family = false;
    for (const auto& [hash, refresh] : s.refresh_tokens)
        if (refresh.family_id == token.family_id) {
            row.sid = refresh.sid;
            from_family = true;
            break;
        }
    if (!from_family)
        if (auto code = s.codes.find(token.family_id); code != s.codes.end()) row.sid = code->second.sid;
    row.revoked = family_revoked(s, token.family_id) || code_replayed(s, token.family_id);
    s.access_tokens[token.jti] = std::move(row);
}

void insert_issued(State& s, const IssuedTokens& issued) {
    if (issued.refresh) insert_refresh(s, *issued.refresh);
    if (issued.access) insert_access(s, *issued.access);
}

// Whole families: tokens rotated from the first refresh token descend from the same grant.
void revoke_from_code(State& s, const std::string& code_hash) {
    std::set<std::string> families;
    for (const auto& [hash, token] : s.refresh_tokens)
        if (token.code_hash == code_hash) families.insert(token.family_id);
    for (auto& [jti, row] : s.access_tokens)
        if (row.token.family_id == code_hash || families.count(row.token.family_id)) row.revoked = true;
    for (auto& [hash, token] : s.refresh_tokens)
        if (token.code_hash == code_hash || families.count(token.family_id)) token.revoked = true;
}

} // namespace

void MemoryTokenStore::save_refresh(const domain::RefreshToken& token) {
    std::lock_guard lock(s_.mutex);
    if (s_.refresh_tokens.count(token.token_hash)) throw StorageError("memory: refresh token already exists");
    insert_refresh(s_, token);
}

std::optional<domain::RefreshToken> MemoryTokenStore::find_refresh(const std::string& token_hash) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.refresh_tokens.find(token_hash);
    if (it == s_.refresh_tokens.end()) return std::nullopt;
    return it->second;
}

bool MemoryTokenStore::mark_refresh_used(const std::string& token_hash) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.refresh_tokens.find(token_hash);
    if (it == s_.refresh_tokens.end() || it->second.used || it->second.revoked) return false;
    it->second.used = true;
    return true;
}

void MemoryTokenStore::revoke_refresh(const std::string& token_hash) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.refresh_tokens.find(token_hash); it != s_.refresh_tokens.end()) it->second.revoked = true;
}

void MemoryTokenStore::revoke_family(const std::string& family_id) {
    if (family_id.empty()) return; // '' would match tokens recorded without a family
    std::lock_guard lock(s_.mutex);
    for (auto& [hash, token] : s_.refresh_tokens)
        if (token.family_id == family_id) token.revoked = true;
    for (auto& [jti, row] : s_.access_tokens)
        if (row.token.family_id == family_id) row.revoked = true;
}

void MemoryTokenStore::revoke_issued_from_code(const std::string& code_hash) {
    if (code_hash.empty()) return;
    std::lock_guard lock(s_.mutex);
    revoke_from_code(s_, code_hash);
}

Redemption MemoryTokenStore::redeem_code(const std::string& code_hash, const IssuedTokens& issued) {
    std::lock_guard lock(s_.mutex);
    if (!s_.codes.count(code_hash)) return Redemption::unknown;
    if (s_.code_redemptions[code_hash] == 0) check_new(s_, issued); // nothing changes if this throws
    if (++s_.code_redemptions[code_hash] > 1) {
        revoke_from_code(s_, code_hash); // a concurrent redemption won: RFC 6749 §4.1.2 replay rule
        return Redemption::replayed;
    }
    insert_issued(s_, issued);
    return Redemption::issued;
}

Redemption MemoryTokenStore::rotate_refresh(const std::string& token_hash, const IssuedTokens& issued) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.refresh_tokens.find(token_hash);
    if (it == s_.refresh_tokens.end()) return Redemption::unknown;
    if (it->second.used || it->second.revoked) return Redemption::replayed; // nothing written
    check_new(s_, issued);
    it->second.used = true;
    it->second.grace_until = issued.grace_until;
    it->second.grace_response = issued.grace_response;
    insert_issued(s_, issued);
    return Redemption::issued;
}

// Logout: every token issued under the session is revoked, its unredeemed codes dropped (a
// redeemed one stays so that a replay is still recognised) and the session deleted.
void MemoryTokenStore::revoke_session(const std::string& sid) {
    if (sid.empty()) return; // '' is the sid of tokens issued outside any session
    std::lock_guard lock(s_.mutex);
    std::set<std::string> families;
    for (const auto& [hash, token] : s_.refresh_tokens)
        if (token.sid == sid) families.insert(token.family_id);
    for (const auto& [hash, code] : s_.codes)
        if (code.sid == sid) families.insert(hash);
    for (auto& [jti, row] : s_.access_tokens)
        if (row.sid == sid || families.count(row.token.family_id)) row.revoked = true;
    for (auto& [hash, token] : s_.refresh_tokens)
        if (token.sid == sid) token.revoked = true;
    for (auto it = s_.codes.begin(); it != s_.codes.end();) {
        if (it->second.sid == sid && s_.code_redemptions[it->first] == 0) {
            s_.code_redemptions.erase(it->first);
            it = s_.codes.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = s_.sessions.begin(); it != s_.sessions.end();)
        it = it->second.sid == sid ? s_.sessions.erase(it) : std::next(it);
}

std::string MemoryTokenStore::access_token_claims(const std::string& jti) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.access_tokens.find(jti);
    return it == s_.access_tokens.end() ? std::string() : it->second.token.claims_json;
}

void MemoryTokenStore::record_access_token(const domain::IssuedAccessToken& token) {
    std::lock_guard lock(s_.mutex);
    if (s_.access_tokens.count(token.jti)) throw StorageError("memory: access token jti already exists");
    insert_access(s_, token);
}

// A token never recorded (or already purged) still gets a row, kept until its expiry.
void MemoryTokenStore::revoke_access_token(const std::string& jti, domain::UnixTime expires_at) {
    std::lock_guard lock(s_.mutex);
    auto [it, inserted] = s_.access_tokens.try_emplace(jti);
    if (inserted) {
        it->second.token.jti = jti;
        it->second.token.expires_at = expires_at;
    }
    it->second.revoked = true;
}

bool MemoryTokenStore::is_access_token_revoked(const std::string& jti) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.access_tokens.find(jti);
    return it != s_.access_tokens.end() && it->second.revoked;
}

} // namespace esc::storage::memory
