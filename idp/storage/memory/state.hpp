#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/account_link.hpp"
#include "domain/grants.hpp"
#include "domain/logout_token.hpp"
#include "domain/mail.hpp"
#include "domain/professional.hpp"
#include "domain/territory.hpp"
#include "storage/store.hpp"

// Everything the memory backend holds, behind one mutex: an operation that touches several
// aggregates (a code redemption writing tokens, a logout revoking a session's tokens) is atomic
// the way one SQLite transaction is.
namespace esc::storage::memory {

struct AccessTokenRow {
    domain::IssuedAccessToken token;
    std::string sid;
    bool revoked = false;
};

struct RateWindow {
    domain::UnixTime window_start = 0;
    std::int64_t hits = 0;
    domain::UnixTime expires_at = 0;
};

struct FailureHistory {
    std::vector<domain::UnixTime> failures;
    domain::UnixTime expires_at = 0;
};

struct State {
    std::mutex mutex;
    std::map<std::int64_t, domain::Account> accounts;
    std::int64_t next_account_id = 1;
    std::map<std::string, domain::Professional> professionals;
    // Places are shared by every activity naming the same structure (storage/structure_fields.hpp):
    // the last write of a structure's fields wins for all, as in the SQLite `structures` table.
    std::map<std::string, domain::Activity> structures;
    std::int64_t directory_version = 0;
    std::map<std::string, domain::Session> sessions; // by id_hash
    std::map<std::string, domain::AuthCode> codes;   // by code_hash
    std::map<std::string, int> code_redemptions;     // by code_hash: times redeemed
    std::map<std::string, domain::RefreshToken> refresh_tokens;
    std::map<std::string, AccessTokenRow> access_tokens; // by jti
    std::vector<StoredKey> keys;                         // insertion order
    std::map<std::string, domain::UnixTime> replay_values;
    std::map<std::string, StoredInteraction> interactions;
    std::map<std::string, FailureHistory> failures;
    std::map<std::string, RateWindow> rates;
    std::map<std::int64_t, std::vector<std::string>> password_history; // by account id, newest first
    std::map<std::string, domain::AccountLink> links;                  // by token_hash
    std::map<std::int64_t, domain::OutboundMail> outbox;               // by id
    std::int64_t next_mail_id = 1;
    std::map<std::int64_t, domain::AccountProfile> profiles;                               // by account id
    std::map<std::pair<std::int64_t, std::string>, domain::AccessRequest> access_requests; // by (account, client)
    std::vector<domain::AccessEvent> access_history;                                       // oldest first
    std::vector<domain::Referent> referents;
    std::map<std::string, std::set<std::string>> session_clients;     // sid → client ids
    std::map<std::int64_t, domain::LogoutDelivery> logout_deliveries; // by id
    std::int64_t next_delivery_id = 1;
    std::map<std::int64_t, std::vector<domain::LoginEvent>> logins; // by account, oldest first
    struct Alias {
        std::int64_t account_id = 0;
        domain::UnixTime retired_at = 0;
    };
    std::map<std::string, Alias> aliases;
    struct Activation {
        std::int64_t account_id = 0;
        domain::UnixTime expires_at = 0;
        bool used = false;
    };
    std::map<std::string, Activation> activations;                                  // by code hash
    std::map<std::string, domain::AuthDevice> devices;                              // by id
    std::map<std::string, domain::MobileRequest> mobile_requests;                   // by id
    std::map<std::string, domain::OcraToken> ocra_tokens;                           // by serial
    std::map<std::string, domain::Passkey> passkeys;                                // by credential id
    std::map<std::string, domain::WorkstationCertificate> workstation_certificates; // by id
    std::optional<StoredIssuingCa> issuing_ca;
    std::vector<domain::AuditEntry> audit; // in order of appending
};

} // namespace esc::storage::memory
