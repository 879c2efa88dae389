#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// A single-use link mailed to a professional (issue 7, "Credentials by mail"): the mail carries a
// random token, the store keeps only its SHA-256. Used once, then spent; past its lifetime, gone.
namespace esc::domain {

enum class LinkPurpose {
    reset_password, // "mot de passe oublié": ends the account's other sessions when used
    set_password,   // first password of a new account
    verify_email,   // proves an e-mail address
};

struct AccountLink {
    std::string token_hash; // SHA-256 (base64url) of the token in the mail
    LinkPurpose purpose = LinkPurpose::reset_password;
    std::int64_t account_id = 0;
    std::string email; // the address it was sent to (verify_email proves this one)
    UnixTime created_at = 0;
    UnixTime expires_at = 0;
    UnixTime used_at = 0; // 0 while unused
};

std::string_view name_of(LinkPurpose purpose);
std::optional<LinkPurpose> link_purpose_from_name(std::string_view name);

// How long each kind of link stays valid: 30 minutes to reset a password (the rule), a
// week to set the first one (a professional may read the mail days later), two days to verify an
// address.
UnixTime link_lifetime(LinkPurpose purpose);

// A link is usable while unused and up to its last second.
inline bool link_usable(const AccountLink& link, UnixTime now) {
    return link.used_at == 0 && now <= link.expires_at;
}

} // namespace esc::domain
