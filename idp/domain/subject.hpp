#pragma once
#include <string>
#include <string_view>

#include "domain/account.hpp"

// The `sub` claim (OIDC Core §2: locally unique, never reassigned).
//
// Default form: the national id (e.g. "810001234567"). PSC RPs key their users on SubjectNameID /
// preferred_username, which are the national id, and the national id is stable for life and never
// reassigned to another person, so using it as `sub` too means an RP can match either claim and a
// professional keeps the same `sub` across accounts (card login, password login). An account not
// linked to the directory gets "local:<account id>", which cannot collide with a national id.
//
// Legacy form (Client::legacy_sub): "f:<uuid>:<national id>", the Keycloak shape PSC emits, where the
// uuid is Keycloak's user-federation component id: one value per deployment, not per user. Pass the
// configured value so RPs migrating from PSC can keep the `sub` they stored; uuid_from_bytes builds a
// well-formed one from a 16-byte digest (e.g. of the issuer) when none is configured.
namespace esc::domain {

struct SubjectOptions {
    bool legacy = false;
    std::string legacy_uuid; // required when legacy: 8-4-4-4-12 hex, used as given
};

// Throws std::invalid_argument when legacy is asked with a malformed uuid: a configuration bug that
// must not silently change users' `sub`.
std::string subject_for(const Account& account, const SubjectOptions& options);

// 8-4-4-4-12 hex digits (either case).
bool is_uuid(std::string_view text);

// Formats 16 raw bytes as an RFC 9562 name-based UUID: version nibble 5, variant bits 10.
// Throws std::invalid_argument unless exactly 16 bytes are given.
std::string uuid_from_bytes(std::string_view bytes16);

} // namespace esc::domain
