#include <algorithm>
#include <mutex>

#include "storage/memory/stores.hpp"

// The reference backend: every interface of storage/store.hpp over maps in this process, with the
// behaviour the other backends must have (one conformance suite runs over all of them,
// test/unit/storage/). Nothing survives the process; it serves tests and single-process demos.
namespace esc::storage::memory {
namespace {

template <class Map, class Expired> std::int64_t erase_where(Map& map, Expired expired) {
    std::int64_t removed = 0;
    for (auto it = map.begin(); it != map.end();) {
        if (expired(it->second)) {
            it = map.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

class MemoryStore final : public Store {
public:
    MemoryStore()
        : accounts_(state_), directory_(state_), sessions_(state_), codes_(state_), tokens_(state_), keys_(state_),
          replay_(state_), interactions_(state_), throttle_(state_), outbox_(state_), links_(state_), logouts_(state_),
          devices_(state_), credentials_(state_), workstation_certificates_(state_), audit_(state_), access_(state_) {}

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

    int migrate() override { return 0; }        // no schema
    int schema_version() override { return 0; } // see storage/migrations.hpp for SQLite's
    void checkpoint() override {}
    std::string write_problem() override { return ""; }

    // Rows whose expiry has come (`expires_at <= now`, as JWT `exp`); an interaction lives through
    // its last second. Used codes and refresh tokens stay until then, so a replay is recognised.
    std::int64_t purge_expired(domain::UnixTime now) override {
        std::lock_guard lock(state_.mutex);
        std::int64_t removed = 0;
        for (auto it = state_.codes.begin(); it != state_.codes.end();) {
            if (it->second.expires_at <= now) {
                state_.code_redemptions.erase(it->first);
                it = state_.codes.erase(it);
                ++removed;
            } else {
                ++it;
            }
        }
        removed += erase_where(state_.sessions, [&](const auto& s) { return s.expires_at <= now; });
        removed += erase_where(state_.refresh_tokens, [&](const auto& t) { return t.expires_at <= now; });
        removed += erase_where(state_.access_tokens, [&](const auto& r) { return r.token.expires_at <= now; });
        removed += erase_where(state_.replay_values, [&](auto expires_at) { return expires_at <= now; });
        removed += erase_where(state_.interactions, [&](const auto& i) { return i.expires_at < now; });
        removed += erase_where(state_.failures, [&](const auto& f) { return f.expires_at <= now; });
        removed += erase_where(state_.rates, [&](const auto& r) { return r.expires_at <= now; });
        removed += erase_where(state_.links, [&](const auto& l) { return l.expires_at <= now; });
        // A session gone takes the record of its relying parties with it.
        for (auto it = state_.session_clients.begin(); it != state_.session_clients.end();) {
            const auto& sid = it->first;
            const bool live = std::any_of(state_.sessions.begin(), state_.sessions.end(),
                                          [&](const auto& entry) { return entry.second.sid == sid; });
            it = live ? std::next(it) : state_.session_clients.erase(it);
        }
        removed += erase_where(state_.logout_deliveries, [&](const auto& d) {
            return d.state != domain::MailState::pending && d.created_at <= now - kSentMailRetention;
        });
        removed += erase_where(state_.outbox, [&](const auto& m) {
            return m.state == domain::MailState::sent && m.sent_at <= now - kSentMailRetention;
        });
        for (auto& [hash, token] : state_.refresh_tokens)
            if (!token.grace_response.empty() && token.grace_until <= now) token.grace_response.clear();
        return removed;
    }

private:
    State state_;
    MemoryAccountStore accounts_;
    MemoryDirectoryStore directory_;
    MemorySessionStore sessions_;
    MemoryCodeStore codes_;
    MemoryTokenStore tokens_;
    MemoryKeyStore keys_;
    MemoryReplayStore replay_;
    MemoryInteractionStore interactions_;
    MemoryThrottleStore throttle_;
    MemoryMailOutbox outbox_;
    MemoryAccountLinkStore links_;
    MemoryLogoutDeliveryQueue logouts_;
    MemoryDeviceStore devices_;
    MemoryCredentialStore credentials_;
    MemoryWorkstationCertificateStore workstation_certificates_;
    MemoryAuditLog audit_;
    MemoryAccessStore access_;
};

} // namespace
} // namespace esc::storage::memory

namespace esc::storage {

std::unique_ptr<Store> open_memory_store() {
    return std::make_unique<memory::MemoryStore>();
}

} // namespace esc::storage
