#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/account.hpp"
#include "domain/account_link.hpp"
#include "domain/grants.hpp"
#include "domain/interaction.hpp"
#include "domain/login_throttle.hpp"
#include "domain/logout_token.hpp"
#include "domain/mail.hpp"
#include "domain/professional.hpp"
#include "domain/time.hpp"
#include "storage/access_store.hpp"
#include "storage/authenticator_stores.hpp"

// Storage interfaces, one per aggregate. SQL lives only in the backends (storage/sqlite/).
// Every method is safe to call concurrently from several worker threads.
// Backends report failures by throwing esc::storage::StorageError.
namespace esc::storage {

struct StorageError : std::runtime_error {
    // What callers may act on: `full` (disk or database full: retry later, answered 503 with
    // Retry-After), `unwritable` (read-only file, directory or mount); `other` is a bug or corruption.
    enum class Kind { other, full, unwritable };
    explicit StorageError(const std::string& message, Kind kind = Kind::other)
        : std::runtime_error(message), kind(kind) {}
    Kind kind;
};

// What a password change writes, in one transaction: the new hash, the old one into the history
// (trimmed to `history` entries), and, when the change comes from a mailed link, the link spent.
struct PasswordChange {
    std::int64_t account_id = 0;
    std::string new_hash;
    domain::UnixTime changed_at = 0;
    bool must_change = false; // a temporary password (the holder must change it at next login)
    int history = 2;          // previous hashes kept for the policy's "differs from the last N"
    // When non-empty: the link (of this account and purpose) is consumed in the same transaction,
    // and the change is refused (nothing written) if it is already used, expired or not this one's.
    std::string link_hash;
    domain::LinkPurpose link_purpose = domain::LinkPurpose::reset_password;
};

// What activating a registration writes, in one transaction: the account (no password yet), the
// profile, the mail carrying the login and, separately, the
// single-use link to set the password with its own mail.
// The mails and the link are optional (an empty recipient or token_hash writes none): an account opened
// by a first CPS card login has no password to set and may have no address yet.
struct NewAccount {
    domain::Account account;
    domain::AccountProfile profile;
    domain::OutboundMail login_mail;
    domain::AccountLink password_link; // account_id is filled by the store
    domain::OutboundMail password_mail;
};

enum class CreateOutcome {
    created,
    login_taken,       // another account (or alias) has this login: nothing written, try the next one
    national_id_taken, // the professional already has an account: nothing written
};

struct CreatedAccount {
    CreateOutcome outcome = CreateOutcome::created;
    std::int64_t account_id = 0;
};

class AccountStore {
public:
    virtual ~AccountStore() = default;
    virtual std::optional<domain::Account> find_by_login(const std::string& login) = 0;
    virtual std::optional<domain::Account> find_by_id(std::int64_t id) = 0;
    // The account linked to a directory professional (the `sub` of tokens), if any.
    virtual std::optional<domain::Account> find_by_national_id(const std::string& national_id) = 0;
    // Every account with this e-mail address (compared without case), oldest first.
    virtual std::vector<domain::Account> find_by_email(const std::string& email) = 0;
    // Inserts or replaces by login; returns the account id.
    virtual std::int64_t upsert(const domain::Account& account) = 0;
    // Applies `change` (see PasswordChange); false when the account is unknown or the link is not usable.
    virtual bool change_password(const PasswordChange& change) = 0;
    // The hashes the account's password had before, newest first (at most the last `history` kept).
    virtual std::vector<std::string> previous_password_hashes(std::int64_t account_id) = 0;
    // Inserts `n` (see NewAccount) in one transaction, never replacing an existing account.
    virtual CreatedAccount create(const NewAccount& n) = 0;
    virtual std::optional<domain::AccountProfile> profile(std::int64_t account_id) = 0;
    // Replaces the account's profile (creates it for an account that registered none).
    virtual void put_profile(std::int64_t account_id, const domain::AccountProfile& profile) = 0;
    // A new, proven e-mail address: spends the verify_email link, sets the address (verified) and
    // queues `notice` (to the former address: someone who took the account must not go unseen), in
    // one transaction; false, nothing written, when the link is not usable for this account.
    virtual bool change_email(std::int64_t account_id, const std::string& link_hash, domain::UnixTime now,
                              const std::optional<domain::OutboundMail>& notice) = 0;
    // Appends a login to the history, keeping the newest kKeptLogins.
    virtual void record_login(std::int64_t account_id, const domain::LoginEvent& event) = 0;
    virtual std::vector<domain::LoginEvent> recent_logins(std::int64_t account_id, int limit) = 0;
    static constexpr int kKeptLogins = 50;
    // Former logins kept as aliases: add fails (false) when the text is a login or an alias already;
    // a retired alias no longer logs in but stays reserved.
    virtual bool add_alias(const std::string& alias, std::int64_t account_id, domain::UnixTime now) = 0;
    virtual bool retire_alias(const std::string& alias, domain::UnixTime now) = 0;
    // The account an active alias names.
    virtual std::optional<domain::Account> find_by_alias(const std::string& alias) = 0;
    // Whether `login` is an account's login or any alias, retired or not (new logins avoid both).
    virtual bool login_taken(const std::string& login) = 0;
};

class DirectoryStore {
public:
    virtual ~DirectoryStore() = default;
    // The professional with every practice, activity (with its structure fields) and MSSanté address.
    virtual std::optional<domain::Professional> find_professional(const std::string& national_id) = 0;
    // Replaces everything known about this professional (used by demo-seed; the national import
    // has its own bulk path).
    virtual void put_professional(const domain::Professional& professional) = 0;
    // Monotonic counter bumped by every change to directory data: lets the idp cache claims.
    virtual std::int64_t version() = 0;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;
    virtual void create(const domain::Session& session) = 0;
    virtual std::optional<domain::Session> find(const std::string& id_hash) = 0;
    virtual std::optional<domain::Session> find_by_sid(const std::string& sid) = 0;
    virtual void touch(const std::string& id_hash, domain::UnixTime last_seen) = 0;
    virtual void remove(const std::string& id_hash) = 0;
    // Step-up: the session's authentication becomes `auth` (auth_time, acr, amr, authMode, methods)
    // and its cookie's hash `new_id_hash` (a new cookie at each change of level, as at each login:
    // a value seen before the step-up does not carry the higher level); sid and the rest stay.
    // false when the session is gone.
    virtual bool raise_assurance(const std::string& id_hash, const std::string& new_id_hash,
                                 const domain::AuthContext& auth) = 0;
    // The account's sessions (live or not yet purged), oldest first.
    virtual std::vector<domain::Session> for_account(std::int64_t account_id) = 0;
    // The relying parties with back-channel logout this session signed into (CodeStore::save with
    // track_session records each), by client id.
    virtual std::vector<std::string> clients_of(const std::string& sid) = 0;
};

class CodeStore {
public:
    virtual ~CodeStore() = default;
    // With `track_session`, also records that `code.client_id` has a session in `code.sid`, in the
    // same transaction: the clients that want back-channel logout (a second row written per code
    // costs every authorize, so the others skip it).
    virtual void save(const domain::AuthCode& code, bool track_session) = 0;
    void save(const domain::AuthCode& code) { save(code, false); }
    // Atomically marks the code used and returns it as it was before: `used == true` in the
    // returned value means it had already been redeemed (replay). nullopt if unknown.
    virtual std::optional<domain::AuthCode> consume(const std::string& code_hash) = 0;
    // Reads a code without redeeming it (`used` true once redeemed): the token endpoint checks it
    // first and redeems it with TokenStore::redeem_code in the transaction that stores the tokens.
    virtual std::optional<domain::AuthCode> find(const std::string& code_hash) = 0;
};

// What one token-endpoint exchange writes. Written in the same transaction as the redemption of
// the code or refresh token it answers: a failed exchange changes nothing, so the client's retry
// is not mistaken for a replay (RFC 6749 §10.5, RFC 9700 §4.14.2).
struct IssuedTokens {
    std::optional<domain::IssuedAccessToken> access;
    std::optional<domain::RefreshToken> refresh;
    // Refresh rotation only: the sealed response kept on the rotated token until grace_until.
    std::string grace_response;
    domain::UnixTime grace_until = 0;
};

enum class Redemption {
    issued,   // marked used and `issued` written
    replayed, // already used: nothing written; for a code, what it issued is now revoked
    unknown,  // no such code or token (purged meanwhile)
};

class TokenStore {
public:
    virtual ~TokenStore() = default;
    virtual void save_refresh(const domain::RefreshToken& token) = 0;
    virtual std::optional<domain::RefreshToken> find_refresh(const std::string& token_hash) = 0;
    // Atomically marks a refresh token used; false if it was already used (reuse) or revoked.
    virtual bool mark_refresh_used(const std::string& token_hash) = 0;
    virtual void revoke_refresh(const std::string& token_hash) = 0;
    // Revokes every refresh token of the family and every access token issued under it.
    virtual void revoke_family(const std::string& family_id) = 0;
    // Revokes what was issued from an authorization code (RFC 6749 §4.1.2 replay rule).
    virtual void revoke_issued_from_code(const std::string& code_hash) = 0;
    virtual void revoke_session(const std::string& sid) = 0;

    // Marks the code used and writes `issued`, in one transaction. A code already used is a
    // replay (RFC 6749 §4.1.2): everything issued from it is revoked instead, in that transaction.
    virtual Redemption redeem_code(const std::string& code_hash, const IssuedTokens& issued) = 0;
    // Marks the refresh token used (it must be unused and not revoked) and writes `issued`, in one
    // transaction. `replayed` when a concurrent request rotated it first: nothing is written and
    // the caller decides between the grace answer and revoking the family.
    virtual Redemption rotate_refresh(const std::string& token_hash, const IssuedTokens& issued) = 0;
    // The `claims` request recorded with an access token ("" if none or unknown).
    virtual std::string access_token_claims(const std::string& jti) = 0;

    virtual void record_access_token(const domain::IssuedAccessToken& token) = 0;
    virtual void revoke_access_token(const std::string& jti, domain::UnixTime expires_at) = 0;
    virtual bool is_access_token_revoked(const std::string& jti) = 0;
};

// A signing key as stored: the private key, its public JWK and lifetime. The store keeps the
// private key as the application gives it: encrypted under the key-encryption key
// (crypto/key_wrap.hpp, "esc-kw1:..."); databases made before encryption hold PKCS#8 PEM in
// clear until `idp migrate` or `idp serve` encrypts them.
struct StoredKey {
    std::string kid;
    std::string alg;         // RS256 | ES256
    std::string private_pem; // wrapped (esc-kw1:...) or, legacy, PEM in clear
    std::string public_jwk_json;
    domain::UnixTime created_at = 0;
    domain::UnixTime retired_at = 0;    // 0 while active; the newest active key per alg signs
    domain::UnixTime publish_until = 0; // 0 while active; JWKS keeps it until then
};

class KeyStore {
public:
    virtual ~KeyStore() = default;
    virtual std::vector<StoredKey> all() = 0;
    virtual void add(const StoredKey& key) = 0;
    // Retires every active key of `alg` except `keep_kid`, publishing them until `publish_until`.
    virtual void retire_others(const std::string& alg, const std::string& keep_kid, domain::UnixTime now,
                               domain::UnixTime publish_until) = 0;
    // Replaces the stored private key of `kid` (encrypting a legacy clear key); false if unknown.
    virtual bool replace_private(const std::string& kid, const std::string& private_pem) = 0;
};

// One-time values (private_key_jwt `jti`, RFC 7523 §3): true the first time, false on replay.
// A value is refused until purge_expired removes it, which happens only once `expires_at` passed.
class ReplayStore {
public:
    virtual ~ReplayStore() = default;
    virtual bool remember_once(const std::string& key, domain::UnixTime expires_at) = 0;
};

// A login in progress (domain/interaction.hpp) as the store keeps it. The authorization request is
// an opaque `payload` (JSON written and read by endpoints/interactions.cpp): the store applies the
// state machine, it does not interpret the request. Shared by every node, kept across restarts.
struct StoredInteraction {
    std::string id;
    std::string payload;
    domain::InteractionState state = domain::InteractionState::awaiting_login;
    domain::UnixTime created_at = 0;
    domain::UnixTime expires_at = 0;       // created_at + lifetime: past it the interaction is gone
    domain::UnixTime authenticated_at = 0; // set by the transition to `authenticated`
    std::string session_id_hash;           // the session that login opened
    std::int64_t account_id = 0;           // who proved their password (awaiting_password_change)
};

class InteractionStore {
public:
    virtual ~InteractionStore() = default;
    // Inserts a new interaction (ids are random: an existing id is a StorageError).
    virtual void create(const StoredInteraction& interaction) = 0;
    // nullopt when unknown or when `now` is past its expires_at (expired ones are never returned).
    virtual std::optional<StoredInteraction> find(const std::string& id, domain::UnixTime now) = 0;
    // Compare-and-set: moves the interaction from `expected` to `next` if it is still in `expected`
    // and not expired; of two concurrent callers (threads or nodes) exactly one gets true. Moving to
    // `authenticated` records `authenticated_at = now` and `session_id_hash`. The caller checks
    // the move against the state table (domain::next_state); the store only guards the race.
    // A non-zero `account_id` is recorded with the move (the account whose password must change).
    virtual bool transition(const std::string& id, domain::InteractionState expected, domain::InteractionState next,
                            domain::UnixTime now, const std::string& session_id_hash, std::int64_t account_id) = 0;
    bool transition(const std::string& id, domain::InteractionState expected, domain::InteractionState next,
                    domain::UnixTime now, const std::string& session_id_hash) {
        return transition(id, expected, next, now, session_id_hash, 0);
    }
    // Compare-and-set on the state: replaces the payload (a registration draft) and the expiry of
    // an interaction still in `expected` and alive at `now`; false otherwise.
    virtual bool update(const std::string& id, domain::InteractionState expected, const std::string& payload,
                        domain::UnixTime expires_at, domain::UnixTime now) = 0;
    virtual void remove(const std::string& id) = 0;
    // Live (unexpired) interactions, for the bound on their number.
    virtual std::int64_t count(domain::UnixTime now) = 0;
    // Deletes the oldest interactions so that at most `keep` remain; returns how many went.
    virtual std::int64_t trim_oldest(std::int64_t keep) = 0;
};

// The counters behind the brute-force brakes, shared by every node and kept across restarts:
// the failure histories of the login throttle (domain::FailureLog, domain/login_throttle.hpp) and
// fixed-window rates (interactions created per address). Keys are namespaced by the caller
// ("login:account:", "interactions:"...).
class ThrottleStore : public domain::FailureLog {
public:
    // Atomically counts one more hit of `key` in the window starting at `window_start` and returns
    // the count in that window: a hit in a newer window than the stored one starts again at 1, a
    // hit stamped with an older one (a node whose clock lags) counts in the stored window. The
    // entry may be purged once `expires_at` passed.
    virtual std::int64_t hit(const std::string& key, domain::UnixTime window_start, domain::UnixTime expires_at) = 0;
    // One more hit of `key` in the fixed window of `window` seconds that holds `now` (windows start
    // at multiples of `window`); the count in that window.
    std::int64_t hit_in_window(const std::string& key, domain::UnixTime now, domain::UnixTime window) {
        window = std::max<domain::UnixTime>(window, 1);
        const domain::UnixTime start = now - now % window;
        return hit(key, start, start + window);
    }
};

// Sent mails are kept this long (what was sent to whom, for support), then purged.
inline constexpr domain::UnixTime kSentMailRetention = 30 * 24 * 3600;

// The mails to send (domain/mail.hpp). A mail is queued in the transaction of the event that causes
// it, by the store method that writes that event (AccountLinkStore::issue…), or alone by enqueue.
class MailOutbox {
public:
    virtual ~MailOutbox() = default;
    virtual std::int64_t enqueue(const domain::OutboundMail& mail) = 0;
    // Takes up to `limit` pending mails due at `now` (next_attempt_at <= now), oldest first: each
    // gets one more attempt counted and next_attempt_at = lease_until, so that no other sender (a
    // thread or a node) takes it meanwhile. Returns them as they are after the claim.
    virtual std::vector<domain::OutboundMail> claim_due(domain::UnixTime now, domain::UnixTime lease_until,
                                                        int limit) = 0;
    virtual void mark_sent(std::int64_t id, domain::UnixTime now) = 0;
    // Pending again, due at `next_attempt_at`, with the error of the failed attempt.
    virtual void mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) = 0;
    virtual void mark_failed(std::int64_t id, const std::string& error) = 0;
    // Newest first; `state` filters when given (administrators' view, tests).
    virtual std::vector<domain::OutboundMail> recent(int limit, std::optional<domain::MailState> state) = 0;
};

// Back-channel logout tokens to deliver (domain/logout_token.hpp), with the outbox's life: claimed
// with a lease, then sent, retried or failed.
class LogoutDeliveryQueue {
public:
    virtual ~LogoutDeliveryQueue() = default;
    virtual void enqueue(const std::vector<domain::LogoutDelivery>& deliveries) = 0;
    virtual std::vector<domain::LogoutDelivery> claim_due(domain::UnixTime now, domain::UnixTime lease_until,
                                                          int limit) = 0;
    virtual void mark_sent(std::int64_t id) = 0;
    virtual void mark_retry(std::int64_t id, domain::UnixTime next_attempt_at, const std::string& error) = 0;
    virtual void mark_failed(std::int64_t id, const std::string& error) = 0;
    // Newest first (administrators, tests).
    virtual std::vector<domain::LogoutDelivery> recent(int limit) = 0;
};

// Single-use links sent by mail (domain/account_link.hpp), kept as the SHA-256 of their token.
class AccountLinkStore {
public:
    virtual ~AccountLinkStore() = default;
    // Stores the link and queues its mail in one transaction: a link never exists without its
    // mail, nor a mail without its link. Returns the mail's outbox id.
    virtual std::int64_t issue(const domain::AccountLink& link, const domain::OutboundMail& mail) = 0;
    // The link if it is unused and `now` is not past its expiry.
    virtual std::optional<domain::AccountLink> find_usable(const std::string& token_hash, domain::UnixTime now) = 0;
    // Spends a usable link of `purpose` (compare-and-set: of two callers one gets it); nullopt otherwise.
    virtual std::optional<domain::AccountLink> consume(const std::string& token_hash, domain::LinkPurpose purpose,
                                                       domain::UnixTime now) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    virtual AccountStore& accounts() = 0;
    virtual DirectoryStore& directory() = 0;
    virtual SessionStore& sessions() = 0;
    virtual CodeStore& codes() = 0;
    virtual TokenStore& tokens() = 0;
    virtual KeyStore& keys() = 0;
    virtual ReplayStore& replay() = 0;
    virtual InteractionStore& interactions() = 0;
    virtual ThrottleStore& throttle() = 0;
    virtual MailOutbox& outbox() = 0;
    virtual AccountLinkStore& links() = 0;
    virtual LogoutDeliveryQueue& logout_deliveries() = 0;
    virtual DeviceStore& devices() = 0;
    virtual CredentialStore& credentials() = 0;
    virtual WorkstationCertificateStore& workstation_certificates() = 0;
    virtual AuditLog& audit() = 0;
    virtual AccessStore& access() = 0;
    // Applies pending migrations; returns how many ran.
    virtual int migrate() = 0;
    virtual int schema_version() = 0;
    // Janitor: deletes expired codes, sessions, refresh tokens, revocations, replay entries,
    // interactions, throttle histories and rate windows, expired mailed links, mails sent more
    // than 30 days ago (failed ones stay for administrators),
    // and clears sealed grace responses whose interval is over. Returns the number of rows removed.
    virtual std::int64_t purge_expired(domain::UnixTime now) = 0;
    // Janitor: folds the write-ahead log into the database and truncates it (SQLite
    // wal_checkpoint(TRUNCATE)), so the log cannot grow until the disk is full.
    virtual void checkpoint() = 0;
    // Readiness: why writes fail right now (a probe write, or a write that failed with a full
    // disk or a read-only file in the last 30 s), "" when they work.
    virtual std::string write_problem() = 0;
};

enum class OpenMode {
    create_if_missing, // `idp migrate`, directory-sync, tests: files are created 0600
    existing_only,     // every other command: a missing file is an error, never a new empty database
};

// Opens the SQLite database at `path`. New files are created with umask 077 (mode 0600: the
// database holds password hashes and signing keys).
std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode mode = OpenMode::create_if_missing);

// The reference backend (storage/memory/): every interface in this process's memory, nothing
// kept after it exits. Its behaviour is what the conformance suite (test/unit/storage/) checks
// every backend against.
std::unique_ptr<Store> open_memory_store();

} // namespace esc::storage
