#pragma once
// The stores of the login methods beyond the password (storage/store.hpp includes this): phone
// authenticators, OCRA tokens and passkeys, workstation certificates and their CA, and the audit
// log their decisions write to.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/credentials.hpp"
#include "domain/device.hpp"
#include "domain/mail.hpp"
#include "domain/time.hpp"
#include "domain/workstation_certificate.hpp"

namespace esc::storage {

// Phone authenticators (domain/device.hpp): activation codes (kept as hashes), enrolled devices and
// the requests they decide.
class DeviceStore {
public:
    virtual ~DeviceStore() = default;
    virtual void add_activation(const std::string& code_hash, std::int64_t account_id, domain::UnixTime now,
                                domain::UnixTime expires_at) = 0;
    // Spends the activation code and stores the device for its account, in one transaction; nullopt
    // (nothing written) when the code is unknown, used or expired.
    virtual std::optional<domain::AuthDevice> enroll(const std::string& code_hash, domain::AuthDevice device,
                                                     domain::UnixTime now) = 0;
    virtual std::optional<domain::AuthDevice> find_device(const std::string& id) = 0;
    // The account's devices in use, oldest first.
    virtual std::vector<domain::AuthDevice> devices_of(std::int64_t account_id) = 0;
    // false when the device is not the account's, or already revoked.
    virtual bool revoke_device(const std::string& id, std::int64_t account_id, domain::UnixTime now) = 0;
    virtual void touch_device(const std::string& id, domain::UnixTime now) = 0;

    virtual void create_request(const domain::MobileRequest& request) = 0;
    virtual std::optional<domain::MobileRequest> find_request(const std::string& id) = 0;
    virtual std::optional<domain::MobileRequest> find_ciba(const std::string& auth_req_id_hash) = 0;
    // Pending and not expired at `now`, oldest first.
    virtual std::vector<domain::MobileRequest> pending_for(std::int64_t account_id, domain::UnixTime now) = 0;
    // pending → approved/denied by `device_id`, compare-and-set (one decision wins); false otherwise.
    virtual bool decide(const std::string& id, domain::MobileState decision, const std::string& device_id,
                        domain::UnixTime now) = 0;
    // CIBA: records a poll and the interval to respect from now on; returns the previous poll time.
    virtual domain::UnixTime record_poll(const std::string& id, domain::UnixTime now, int interval) = 0;
};

// OCRA tokens and passkeys (domain/credentials.hpp).
class CredentialStore {
public:
    virtual ~CredentialStore() = default;
    // All of `tokens` or none: when a serial is already provisioned (or repeated), nothing is
    // written and the offending serials are returned.
    virtual std::vector<std::string> add_ocra_tokens(const std::vector<domain::OcraToken>& tokens) = 0;
    // The account's tokens in use, oldest first.
    virtual std::vector<domain::OcraToken> ocra_tokens_of(std::int64_t account_id) = 0;
    virtual void touch_ocra_token(const std::string& serial, domain::UnixTime now) = 0;
    // false when unknown or already revoked.
    virtual bool revoke_ocra_token(const std::string& serial, domain::UnixTime now) = 0;

    // false (nothing written) when the credential id is already registered, to anyone.
    virtual bool add_passkey(const domain::Passkey& passkey) = 0;
    // A passkey in use (revoked ones are not returned).
    virtual std::optional<domain::Passkey> find_passkey(const std::string& credential_id) = 0;
    virtual std::vector<domain::Passkey> passkeys_of(std::int64_t account_id) = 0;
    // Compare-and-set of the signature counter: records `new_count` and the use only if the stored
    // count is still `expected` (two logins with one assertion: one wins); false otherwise.
    virtual bool use_passkey(const std::string& credential_id, std::uint32_t expected, std::uint32_t new_count,
                             domain::UnixTime now) = 0;
    // false when the passkey is not the account's, or already revoked.
    virtual bool revoke_passkey(const std::string& credential_id, std::int64_t account_id, domain::UnixTime now) = 0;
};

// The idp's own CA for workstation certificates, as stored: its key wrapped under the key-encryption
// key (crypto/key_wrap.hpp, context "issuing-ca").
struct StoredIssuingCa {
    std::string certificate_pem;
    std::string wrapped_key;
    domain::UnixTime created_at = 0;
};

// Workstation certificates (domain/workstation_certificate.hpp). Every change of state is a
// compare-and-set that writes its audit entry (and its mails) in the same transaction: an approval
// never exists without its entry and its two mails.
class WorkstationCertificateStore {
public:
    virtual ~WorkstationCertificateStore() = default;
    virtual void create(const domain::WorkstationCertificate& certificate, const domain::AuditEntry& audit) = 0;
    virtual std::optional<domain::WorkstationCertificate> find(const std::string& id) = 0;
    virtual std::optional<domain::WorkstationCertificate> find_by_serial(const std::string& serial) = 0;
    virtual std::optional<domain::WorkstationCertificate> find_by_withdrawal(const std::string& token_hash) = 0;
    // The account's certificates in every state, newest request first.
    virtual std::vector<domain::WorkstationCertificate> of_account(std::int64_t account_id) = 0;
    // In `state`, oldest request first (the console's queue), at most `limit`.
    virtual std::vector<domain::WorkstationCertificate> in_state(domain::CertificateState state, int limit) = 0;
    // requested → approved, with the withdrawal's token and code (hashes) and the mails carrying them.
    virtual bool approve(const std::string& id, const std::string& decided_by, domain::UnixTime now,
                         const std::string& token_hash, const std::string& code_hash, domain::UnixTime expires_at,
                         const std::vector<domain::OutboundMail>& mails, const domain::AuditEntry& audit) = 0;
    // requested → refused.
    virtual bool refuse(const std::string& id, const std::string& decided_by, const std::string& reason,
                        domain::UnixTime now, const domain::AuditEntry& audit) = 0;
    // approved → issued, only while the withdrawal is live at `now`: one certificate per approval.
    virtual bool issue(const std::string& id, domain::UnixTime now, const std::string& serial,
                       domain::UnixTime not_after, const domain::AuditEntry& audit) = 0;
    // approved or issued → revoked.
    virtual bool revoke(const std::string& id, domain::UnixTime now, const domain::AuditEntry& audit) = 0;
    // Serials revoked and when, for the CRL.
    virtual std::vector<std::pair<std::string, domain::UnixTime>> revoked_serials() = 0;
    virtual std::optional<StoredIssuingCa> issuing_ca() = 0;
    // Stores the CA unless one exists (two nodes starting together: the first wins); the CA in force.
    virtual StoredIssuingCa keep_issuing_ca(const StoredIssuingCa& ca) = 0;
};

// The audit log: append and read, never change.
class AuditLog {
public:
    virtual ~AuditLog() = default;
    virtual void append(const domain::AuditEntry& entry) = 0;
    // Newest first; `action_prefix` filters ("" = all).
    virtual std::vector<domain::AuditEntry> recent(int limit, const std::string& action_prefix) = 0;
};

} // namespace esc::storage
