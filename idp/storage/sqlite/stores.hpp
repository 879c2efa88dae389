#pragma once
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

// The SQLite implementation of each aggregate store. They share the store's ConnectionPool.
namespace esc::storage::sqlite {

class SqliteAccountStore final : public AccountStore {
public:
    explicit SqliteAccountStore(ConnectionPool& pool) : pool_(pool) {}
    std::optional<domain::Account> find_by_login(const std::string& login) override;
    std::optional<domain::Account> find_by_id(std::int64_t id) override;
    std::optional<domain::Account> find_by_national_id(const std::string& national_id) override;
    std::vector<domain::Account> find_by_email(const std::string& email) override;
    std::int64_t upsert(const domain::Account& account) override;
    bool change_password(const PasswordChange& change) override;
    std::vector<std::string> previous_password_hashes(std::int64_t account_id) override;
    CreatedAccount create(const NewAccount& n) override;
    std::optional<domain::AccountProfile> profile(std::int64_t account_id) override;
    void put_profile(std::int64_t account_id, const domain::AccountProfile& profile) override;
    bool change_email(std::int64_t account_id, const std::string& link_hash, domain::UnixTime now,
                      const std::optional<domain::OutboundMail>& notice) override;
    void record_login(std::int64_t account_id, const domain::LoginEvent& event) override;
    std::vector<domain::LoginEvent> recent_logins(std::int64_t account_id, int limit) override;
    bool add_alias(const std::string& alias, std::int64_t account_id, domain::UnixTime now) override;
    bool retire_alias(const std::string& alias, domain::UnixTime now) override;
    std::optional<domain::Account> find_by_alias(const std::string& alias) override;
    bool login_taken(const std::string& login) override;

private:
    ConnectionPool& pool_;
};

class SqliteDirectoryStore final : public DirectoryStore {
public:
    explicit SqliteDirectoryStore(ConnectionPool& pool) : pool_(pool) {}
    std::optional<domain::Professional> find_professional(const std::string& national_id) override;
    void put_professional(const domain::Professional& professional) override;
    std::int64_t version() override;

private:
    ConnectionPool& pool_;
};

class SqliteSessionStore final : public SessionStore {
public:
    explicit SqliteSessionStore(ConnectionPool& pool) : pool_(pool) {}
    void create(const domain::Session& session) override;
    std::optional<domain::Session> find(const std::string& id_hash) override;
    std::optional<domain::Session> find_by_sid(const std::string& sid) override;
    void touch(const std::string& id_hash, domain::UnixTime last_seen) override;
    void remove(const std::string& id_hash) override;
    bool raise_assurance(const std::string& id_hash, const std::string& new_id_hash,
                         const domain::AuthContext& auth) override;
    std::vector<domain::Session> for_account(std::int64_t account_id) override;
    std::vector<std::string> clients_of(const std::string& sid) override;

private:
    ConnectionPool& pool_;
};

class SqliteCodeStore final : public CodeStore {
public:
    explicit SqliteCodeStore(ConnectionPool& pool) : pool_(pool) {}
    using CodeStore::save;
    void save(const domain::AuthCode& code, bool track_session) override;
    std::optional<domain::AuthCode> consume(const std::string& code_hash) override;
    std::optional<domain::AuthCode> find(const std::string& code_hash) override;

private:
    ConnectionPool& pool_;
};

class SqliteTokenStore final : public TokenStore {
public:
    explicit SqliteTokenStore(ConnectionPool& pool) : pool_(pool) {}
    void save_refresh(const domain::RefreshToken& token) override;
    std::optional<domain::RefreshToken> find_refresh(const std::string& token_hash) override;
    bool mark_refresh_used(const std::string& token_hash) override;
    void revoke_refresh(const std::string& token_hash) override;
    void revoke_family(const std::string& family_id) override;
    void revoke_issued_from_code(const std::string& code_hash) override;
    void revoke_session(const std::string& sid) override;
    Redemption redeem_code(const std::string& code_hash, const IssuedTokens& issued) override;
    Redemption rotate_refresh(const std::string& token_hash, const IssuedTokens& issued) override;
    std::string access_token_claims(const std::string& jti) override;
    void record_access_token(const domain::IssuedAccessToken& token) override;
    void revoke_access_token(const std::string& jti, domain::UnixTime expires_at) override;
    bool is_access_token_revoked(const std::string& jti) override;

private:
    ConnectionPool& pool_;
};

class SqliteKeyStore final : public KeyStore {
public:
    explicit SqliteKeyStore(ConnectionPool& pool) : pool_(pool) {}
    std::vector<StoredKey> all() override;
    void add(const StoredKey& key) override;
    void retire_others(const std::string& alg, const std::string& keep_kid, domain::UnixTime now,
                       domain::UnixTime publish_until) override;
    bool replace_private(const std::string& kid, const std::string& private_pem) override;

private:
    ConnectionPool& pool_;
};

class SqliteDeviceStore final : public DeviceStore {
public:
    explicit SqliteDeviceStore(ConnectionPool& pool) : pool_(pool) {}
    void add_activation(const std::string& code_hash, std::int64_t account_id, domain::UnixTime now,
                        domain::UnixTime expires_at) override;
    std::optional<domain::AuthDevice> enroll(const std::string& code_hash, domain::AuthDevice device,
                                             domain::UnixTime now) override;
    std::optional<domain::AuthDevice> find_device(const std::string& id) override;
    std::vector<domain::AuthDevice> devices_of(std::int64_t account_id) override;
    bool revoke_device(const std::string& id, std::int64_t account_id, domain::UnixTime now) override;
    void touch_device(const std::string& id, domain::UnixTime now) override;
    void create_request(const domain::MobileRequest& request) override;
    std::optional<domain::MobileRequest> find_request(const std::string& id) override;
    std::optional<domain::MobileRequest> find_ciba(const std::string& auth_req_id_hash) override;
    std::vector<domain::MobileRequest> pending_for(std::int64_t account_id, domain::UnixTime now) override;
    bool decide(const std::string& id, domain::MobileState decision, const std::string& device_id,
                domain::UnixTime now) override;
    domain::UnixTime record_poll(const std::string& id, domain::UnixTime now, int interval) override;

private:
    ConnectionPool& pool_;
};

class SqliteCredentialStore final : public CredentialStore {
public:
    explicit SqliteCredentialStore(ConnectionPool& state) : pool_(state) {}
    std::vector<std::string> add_ocra_tokens(const std::vector<domain::OcraToken>& tokens) override;
    std::vector<domain::OcraToken> ocra_tokens_of(std::int64_t account_id) override;
    void touch_ocra_token(const std::string& serial, domain::UnixTime now) override;
    bool revoke_ocra_token(const std::string& serial, domain::UnixTime now) override;
    bool add_passkey(const domain::Passkey& passkey) override;
    std::optional<domain::Passkey> find_passkey(const std::string& credential_id) override;
    std::vector<domain::Passkey> passkeys_of(std::int64_t account_id) override;
    bool use_passkey(const std::string& credential_id, std::uint32_t expected, std::uint32_t new_count,
                     domain::UnixTime now) override;
    bool revoke_passkey(const std::string& credential_id, std::int64_t account_id, domain::UnixTime now) override;

private:
    ConnectionPool& pool_;
};

class SqliteWorkstationCertificateStore final : public WorkstationCertificateStore {
public:
    explicit SqliteWorkstationCertificateStore(ConnectionPool& state) : pool_(state) {}
    void create(const domain::WorkstationCertificate& certificate, const domain::AuditEntry& audit) override;
    std::optional<domain::WorkstationCertificate> find(const std::string& id) override;
    std::optional<domain::WorkstationCertificate> find_by_serial(const std::string& serial) override;
    std::optional<domain::WorkstationCertificate> find_by_withdrawal(const std::string& token_hash) override;
    std::vector<domain::WorkstationCertificate> of_account(std::int64_t account_id) override;
    std::vector<domain::WorkstationCertificate> in_state(domain::CertificateState state, int limit) override;
    bool approve(const std::string& id, const std::string& decided_by, domain::UnixTime now,
                 const std::string& token_hash, const std::string& code_hash, domain::UnixTime expires_at,
                 const std::vector<domain::OutboundMail>& mails, const domain::AuditEntry& audit) override;
    bool refuse(const std::string& id, const std::string& decided_by, const std::string& reason, domain::UnixTime now,
                const domain::AuditEntry& audit) override;
    bool issue(const std::string& id, domain::UnixTime now, const std::string& serial, domain::UnixTime not_after,
               const domain::AuditEntry& audit) override;
    bool revoke(const std::string& id, domain::UnixTime now, const domain::AuditEntry& audit) override;
    std::vector<std::pair<std::string, domain::UnixTime>> revoked_serials() override;
    std::optional<StoredIssuingCa> issuing_ca() override;
    StoredIssuingCa keep_issuing_ca(const StoredIssuingCa& ca) override;

private:
    ConnectionPool& pool_;
};

class SqliteAccessStore final : public AccessStore {
public:
    explicit SqliteAccessStore(ConnectionPool& state) : pool_(state) {}
    std::optional<domain::AccessRequest> find(std::int64_t account_id, const std::string& client_id) override;
    std::vector<domain::AccessRequest> of_account(std::int64_t account_id) override;
    RequestOutcome request(const domain::AccessRequest& request, const std::vector<domain::OutboundMail>& mails,
                           const domain::AuditEntry& audit) override;
    bool decide(std::int64_t account_id, const std::string& client_id, domain::AccessState expected,
                domain::AccessState target, const std::string& by, const std::string& reason, domain::UnixTime now,
                const std::vector<domain::OutboundMail>& mails, const domain::AuditEntry& audit) override;
    bool grant(std::int64_t account_id, const std::string& client_id, const std::string& by, domain::UnixTime now,
               const std::vector<domain::OutboundMail>& mails, const domain::AuditEntry& audit) override;
    std::vector<domain::AccessEvent> history(std::int64_t account_id, const std::string& client_id) override;
    std::vector<domain::AccessRequest> list(const AccessQuery& query) override;
    void replace_file_referents(const std::vector<domain::Referent>& referents) override;
    std::vector<domain::Referent> referents(const std::string& client_id) override;
    std::vector<domain::Referent> charges_of(const std::string& login) override;
    bool add_referent(const domain::Referent& referent, const domain::AuditEntry& audit) override;
    bool remove_referent(const std::string& login, const std::string& client_id,
                         const domain::AuditEntry& audit) override;

private:
    ConnectionPool& pool_;
};

class SqliteAuditLog final : public AuditLog {
public:
    explicit SqliteAuditLog(ConnectionPool& state) : pool_(state) {}
    void append(const domain::AuditEntry& entry) override;
    std::vector<domain::AuditEntry> recent(int limit, const std::string& action_prefix) override;

private:
    ConnectionPool& pool_;
};

class SqliteReplayStore final : public ReplayStore {
public:
    explicit SqliteReplayStore(ConnectionPool& pool) : pool_(pool) {}
    bool remember_once(const std::string& key, domain::UnixTime expires_at) override;

private:
    ConnectionPool& pool_;
};

class SqliteInteractionStore final : public InteractionStore {
public:
    explicit SqliteInteractionStore(ConnectionPool& pool) : pool_(pool) {}
    void create(const StoredInteraction& interaction) override;
    std::optional<StoredInteraction> find(const std::string& id, domain::UnixTime now) override;
    using InteractionStore::transition;
    bool transition(const std::string& id, domain::InteractionState expected, domain::InteractionState next,
                    domain::UnixTime now, const std::string& session_id_hash, std::int64_t account_id) override;
    bool update(const std::string& id, domain::InteractionState expected, const std::string& payload,
                domain::UnixTime expires_at, domain::UnixTime now) override;
    void remove(const std::string& id) override;
    std::int64_t count(domain::UnixTime now) override;
    std::int64_t trim_oldest(std::int64_t keep) override;

private:
    ConnectionPool& pool_;
};

class SqliteThrottleStore final : public ThrottleStore {
public:
    explicit SqliteThrottleStore(ConnectionPool& pool) : pool_(pool) {}
    std::vector<domain::UnixTime> add_failure(const std::string& key, domain::UnixTime at,
                                              domain::UnixTime forget_until, std::size_t keep,
                                              domain::UnixTime expires_at) override;
    std::vector<domain::UnixTime> failures(const std::string& key) override;
    void clear_failures(const std::string& key) override;
    std::int64_t hit(const std::string& key, domain::UnixTime window_start, domain::UnixTime expires_at) override;

private:
    ConnectionPool& pool_;
};

class SqliteMailOutbox final : public MailOutbox {
public:
    explicit SqliteMailOutbox(ConnectionPool& pool) : pool_(pool) {}
    std::int64_t enqueue(const domain::OutboundMail& mail) override;
    std::vector<domain::OutboundMail> claim_due(domain::UnixTime now, domain::UnixTime lease_until, int limit) override;
    void mark_sent(std::int64_t id, domain::UnixTime now) override;
    void mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) override;
    void mark_failed(std::int64_t id, const std::string& error) override;
    std::vector<domain::OutboundMail> recent(int limit, std::optional<domain::MailState> state) override;

private:
    ConnectionPool& pool_;
};

class SqliteLogoutDeliveryQueue final : public LogoutDeliveryQueue {
public:
    explicit SqliteLogoutDeliveryQueue(ConnectionPool& pool) : pool_(pool) {}
    void enqueue(const std::vector<domain::LogoutDelivery>& deliveries) override;
    std::vector<domain::LogoutDelivery> claim_due(domain::UnixTime now, domain::UnixTime lease_until,
                                                  int limit) override;
    void mark_sent(std::int64_t id) override;
    void mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) override;
    void mark_failed(std::int64_t id, const std::string& error) override;
    std::vector<domain::LogoutDelivery> recent(int limit) override;

private:
    ConnectionPool& pool_;
};

class SqliteAccountLinkStore final : public AccountLinkStore {
public:
    explicit SqliteAccountLinkStore(ConnectionPool& pool) : pool_(pool) {}
    std::int64_t issue(const domain::AccountLink& link, const domain::OutboundMail& mail) override;
    std::optional<domain::AccountLink> find_usable(const std::string& token_hash, domain::UnixTime now) override;
    std::optional<domain::AccountLink> consume(const std::string& token_hash, domain::LinkPurpose purpose,
                                               domain::UnixTime now) override;

private:
    ConnectionPool& pool_;
};

// Inside a write transaction: appends to the audit log (workstation_certificate_store.cpp).
void append_audit(Connection& db, const domain::AuditEntry& entry);
// Inside a write transaction: queues a mail, returns its id (outbox and links share it).
std::int64_t enqueue_mail(Connection& db, const domain::OutboundMail& mail);
// Inside a write transaction: spends a usable link of `purpose` (of `account_id` when non-zero);
// the link as it was, or nullopt when there is none to spend.
std::optional<domain::AccountLink> consume_link(Connection& db, const std::string& token_hash,
                                                domain::LinkPurpose purpose, domain::UnixTime now,
                                                std::int64_t account_id = 0);

// The auth context columns (auth_time, acr, amr JSON, auth_mode), shared by sessions, codes and
// refresh tokens.
std::string amr_to_json(const std::vector<std::string>& amr);
std::vector<std::string> amr_from_json(const std::string& json);
// Reads the four auth columns starting at `first`.
domain::AuthContext read_auth(const Statement& row, int first);

} // namespace esc::storage::sqlite
