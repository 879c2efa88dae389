#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/time.hpp"
#include "domain/verified_token.hpp"

namespace esc::cache {

// Access tokens whose signature was already verified, keyed by the SHA-256 of the whole token
// (never by a part of it: a reused signature with another payload must not hit). A hit skips
// the RSA/ECDSA verification and the JSON parsing; expiry and revocation are still checked on
// every use by the caller. Entries leave at the token's expiry; the map is cleared when full.
class TokenCache {
public:
    explicit TokenCache(std::size_t max_entries = 100000) : max_entries_(max_entries) {}

    std::optional<domain::VerifiedAccessToken> find(const std::string& token_hash, domain::UnixTime now);
    void put(const std::string& token_hash, const domain::VerifiedAccessToken& token, domain::UnixTime expires_at);

private:
    struct Entry {
        domain::VerifiedAccessToken token;
        domain::UnixTime expires_at;
    };
    std::size_t max_entries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace esc::cache
