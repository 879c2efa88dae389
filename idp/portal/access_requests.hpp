#pragma once
#include <string>
#include <vector>

#include "domain/mail.hpp"

#include "domain/account.hpp"
#include "domain/client.hpp"
#include "endpoints/deps_fwd.hpp"
#include "endpoints/service_access.hpp"
#include "http/message.hpp"
#include "storage/access_store.hpp"

namespace esc::portal {

// The professional asks for `client`: the request records where they practise, goes to the
// referents whose territory covers it (else to the service's default referents, flagged), and
// each of them gets a mail with a link to the request, in one transaction with its audit entry.
storage::RequestOutcome ask_access(const Deps& deps, const http::Request& request, const domain::Account& account,
                                   const domain::Client& client);

// The mails telling the referents in charge of these places (else the defaults) of the request.
struct ReferentMails {
    std::vector<domain::OutboundMail> mails;
    std::vector<std::string> notified; // logins
    bool uncovered = false;
};
// `who`: the account's practitioner_of, read once by the caller.
ReferentMails referent_mails(const Deps& deps, const domain::Account& account, const endpoints::Practitioner& who,
                             const domain::Client& client, const std::vector<std::string>& postal_codes);

// The console's page of one request (path and query, no origin).
std::string access_record_path(const Deps& deps, std::int64_t account_id, const std::string& client_id);

} // namespace esc::portal
