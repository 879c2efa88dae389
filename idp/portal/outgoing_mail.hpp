#pragma once
#include <string>

#include "domain/account.hpp"
#include "domain/mail.hpp"
#include "endpoints/deps_fwd.hpp"
#include "web/mails.hpp"

// What the pages that send mail share: the outbox entry of a rendered mail, where links lead, and
// how a professional is greeted.
namespace esc::portal {

domain::OutboundMail outgoing(const std::string& recipient, const web::RenderedMail& rendered, domain::UnixTime now);
// Start of the links in mails: [mail] public_url, else the issuer's origin.
std::string public_base(const Deps& deps);
// "Claire MOREAU" from the directory when the account is linked, else the names it registered
// with, else its login.
std::string greeting_name(const Deps& deps, const domain::Account& account);

} // namespace esc::portal
