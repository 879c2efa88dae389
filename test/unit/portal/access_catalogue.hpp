#pragma once
// The catalogue the console's in-process tests share: the DCC on approval with the 3C referents of
// Nantes (44, 85) and Rennes (35), and the console's roles (admin administrator, kine helpdesk).
#include <string>

#include "support/oidc_fixture.hpp"

namespace esc::test {

inline const std::string kAccessConsole =
    std::string("[console]\nadministrators = [\"admin\"]\nhelpdesk = [\"kine\"]\nreauthentication_after = 300\n") +
    "[clients.dcc]\nname = \"Dossier Communicant de Cancérologie\"\ntype = \"public\"\n"
    "token_endpoint_auth_method = \"none\"\nrequire_pkce = true\nredirect_uris = [\"https://dcc.test/cb\"]\n"
    "front_name = \"DCC\"\nfront_url = \"https://dcc.test/\"\naccess = \"approval\"\n"
    "[[clients.dcc.referents]]\nlogin = \"coordo-nantes\"\ndepartments = [\"44\", \"85\"]\n"
    "[[clients.dcc.referents]]\nlogin = \"coordo-rennes\"\ndepartments = [\"35\"]\n";

// A browser holding `login`'s session (a password login through the public client).
inline Browser signed_in(OidcFixture& f, const std::string& login) {
    Browser b;
    f.code_flow(OidcFixture::kPublic, b, login);
    return b;
}

inline std::vector<domain::OutboundMail> mails_to(OidcFixture& f, const std::string& to) {
    std::vector<domain::OutboundMail> out;
    for (const auto& m : f.store->outbox().recent(100, std::nullopt))
        if (m.recipient == to) out.push_back(m);
    return out;
}

} // namespace esc::test
