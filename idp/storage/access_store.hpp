#pragma once
// The access workflow's store (storage/store.hpp includes this): each professional's access to
// each service, its history, and the referents in charge. Every change writes its history event,
// its audit entry and its mails in the same transaction: a decision never exists without them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/audit.hpp"
#include "domain/mail.hpp"
#include "domain/territory.hpp"

namespace esc::storage {

// A page of the console's list. Territory: a request shows when one of its places starts with one
// of `postal_prefixes`, or when it is uncovered and `uncovered` is set; with `everywhere` (a
// platform administrator) every request shows.
struct AccessQuery {
    std::string client_id;
    std::optional<domain::AccessState> state; // nullopt: every state
    bool everywhere = false;
    std::vector<std::string> postal_prefixes;
    bool uncovered = false;
    // Keyset pagination, newest request first: strictly before (requested_at, account_id).
    domain::UnixTime before_at = 0; // 0: from the newest
    std::int64_t before_account = 0;
    int limit = 50;
};

enum class RequestOutcome { created, renewed, already_pending, already_accepted };

class AccessStore {
public:
    virtual ~AccessStore() = default;
    virtual std::optional<domain::AccessRequest> find(std::int64_t account_id, const std::string& client_id) = 0;
    // The account's accesses, by service.
    virtual std::vector<domain::AccessRequest> of_account(std::int64_t account_id) = 0;
    // A professional asks (domain::state_after_request): never requested or refused → to process,
    // with the places and flag of `request`, its history event, audit entry and mails. Otherwise
    // nothing is written and the outcome says why.
    virtual RequestOutcome request(const domain::AccessRequest& request, const std::vector<domain::OutboundMail>& mails,
                                   const domain::AuditEntry& audit) = 0;
    // A referent decides (domain::may_decide), compare-and-set on `expected`: false (nothing
    // written) when the access is no longer in that state.
    virtual bool decide(std::int64_t account_id, const std::string& client_id, domain::AccessState expected,
                        domain::AccessState target, const std::string& by, const std::string& reason,
                        domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                        const domain::AuditEntry& audit) = 0;
    // An administrator grants directly: whatever the state (or none), the access is accepted; false
    // when it already was.
    virtual bool grant(std::int64_t account_id, const std::string& client_id, const std::string& by,
                       domain::UnixTime now, const std::vector<domain::OutboundMail>& mails,
                       const domain::AuditEntry& audit) = 0;
    // Oldest first.
    virtual std::vector<domain::AccessEvent> history(std::int64_t account_id, const std::string& client_id) = 0;
    virtual std::vector<domain::AccessRequest> list(const AccessQuery& query) = 0;

    // Referents. The file-declared ones are replaced at each start-up (the file wins); those the
    // console added stay.
    virtual void replace_file_referents(const std::vector<domain::Referent>& referents) = 0;
    // Every referent of `client_id` ("" = of every service).
    virtual std::vector<domain::Referent> referents(const std::string& client_id) = 0;
    // Every charge of one login.
    virtual std::vector<domain::Referent> charges_of(const std::string& login) = 0;
    // false when that login already has a charge for that service.
    virtual bool add_referent(const domain::Referent& referent, const domain::AuditEntry& audit) = 0;
    // false when there is no such console-added charge (file ones cannot be removed here).
    virtual bool remove_referent(const std::string& login, const std::string& client_id,
                                 const domain::AuditEntry& audit) = 0;
};

} // namespace esc::storage
