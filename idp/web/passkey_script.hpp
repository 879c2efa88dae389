#pragma once
#include <string>

// The only script of the passkey forms (login page, « Mon compte » › clés d'accès): it runs the
// WebAuthn ceremony the form's data-passkey options describe, puts the authenticator's answer in
// the form's hidden fields and submits it. Inline and allowed by its hash (web/headers.hpp), so
// the pages keep a CSP that runs no other script. Without script the form posts empty fields and
// the server says so.
namespace esc::web {

extern const char* const kPasskeyScript;
// "'sha256-…'" of kPasskeyScript, for add_page_headers' script_sources.
const std::string& passkey_script_source();

} // namespace esc::web
