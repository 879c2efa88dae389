#include <algorithm>
#include <set>

#include "storage/memory/stores.hpp"

namespace esc::storage::memory {

namespace {
template <class T> void oldest_first(std::vector<T>& items) {
    std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.created_at < b.created_at; });
}
} // namespace

std::vector<std::string> MemoryCredentialStore::add_ocra_tokens(const std::vector<domain::OcraToken>& tokens) {
    std::lock_guard lock(s_.mutex);
    std::vector<std::string> taken;
    std::set<std::string> seen;
    for (const auto& t : tokens)
        if (s_.ocra_tokens.count(t.serial) || !seen.insert(t.serial).second) taken.push_back(t.serial);
    if (!taken.empty()) return taken;
    for (const auto& t : tokens)
        s_.ocra_tokens[t.serial] = t;
    return {};
}

std::vector<domain::OcraToken> MemoryCredentialStore::ocra_tokens_of(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::OcraToken> out;
    for (const auto& [serial, t] : s_.ocra_tokens)
        if (t.account_id == account_id && t.revoked_at == 0) out.push_back(t);
    oldest_first(out);
    return out;
}

void MemoryCredentialStore::touch_ocra_token(const std::string& serial, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    if (auto it = s_.ocra_tokens.find(serial); it != s_.ocra_tokens.end()) it->second.last_used_at = now;
}

bool MemoryCredentialStore::revoke_ocra_token(const std::string& serial, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.ocra_tokens.find(serial);
    if (it == s_.ocra_tokens.end() || it->second.revoked_at != 0) return false;
    it->second.revoked_at = now;
    return true;
}

bool MemoryCredentialStore::add_passkey(const domain::Passkey& passkey) {
    std::lock_guard lock(s_.mutex);
    return s_.passkeys.emplace(passkey.credential_id, passkey).second;
}

std::optional<domain::Passkey> MemoryCredentialStore::find_passkey(const std::string& credential_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.passkeys.find(credential_id);
    if (it == s_.passkeys.end() || it->second.revoked_at != 0) return std::nullopt;
    return it->second;
}

std::vector<domain::Passkey> MemoryCredentialStore::passkeys_of(std::int64_t account_id) {
    std::lock_guard lock(s_.mutex);
    std::vector<domain::Passkey> out;
    for (const auto& [id, p] : s_.passkeys)
        if (p.account_id == account_id && p.revoked_at == 0) out.push_back(p);
    oldest_first(out);
    return out;
}

bool MemoryCredentialStore::use_passkey(const std::string& credential_id, std::uint32_t expected,
                                        std::uint32_t new_count, domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.passkeys.find(credential_id);
    if (it == s_.passkeys.end() || it->second.revoked_at != 0 || it->second.sign_count != expected) return false;
    it->second.sign_count = new_count;
    it->second.last_used_at = now;
    return true;
}

bool MemoryCredentialStore::revoke_passkey(const std::string& credential_id, std::int64_t account_id,
                                           domain::UnixTime now) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.passkeys.find(credential_id);
    if (it == s_.passkeys.end() || it->second.account_id != account_id || it->second.revoked_at != 0) return false;
    it->second.revoked_at = now;
    return true;
}

} // namespace esc::storage::memory
