#pragma once
#include <string>
#include <vector>

#include "http/message.hpp"

namespace esc::web {

// Security headers for every HTML page (psc-profile.md "anti-framing headers on every page";
// RFC 9700 §4.16; ANSSI OIDC guide). The CSP forbids every script but the ones named, allows only our own
// stylesheet and lets forms post to this server, to https: relying parties and to loopback
// redirect URIs (RFC 8252 §7.3), which the form_post response mode needs.
//
// extra_form_action: more CSP sources a form may post to, e.g. "http://rp.intranet:8080" for a
// relying party registered with a plain-http redirect URI. A source holding anything but URL
// characters (spaces, ';', ',', quotes) would rewrite the policy: such entries are skipped.
// script_sources: CSP sources of the only scripts the page may run (e.g. form_post_script_source());
// none by default, so pages run no script at all.
void add_page_headers(http::Response& response, const std::vector<std::string>& extra_form_action = {},
                      const std::vector<std::string>& script_sources = {});

// The Content-Security-Policy value add_page_headers sets.
std::string page_csp(const std::vector<std::string>& extra_form_action = {},
                     const std::vector<std::string>& script_sources = {});

// The form_post page's script (OAuth 2.0 Form Post Response Mode §2: the form is submitted by
// script on load; its button stays for browsers without script). Allowed by its hash, so the CSP
// admits exactly this text and no injected script.
inline constexpr const char* kFormPostScript = "document.forms[0].submit();";
// "'sha256-<base64 of SHA-256(kFormPostScript)>'" (CSP Level 3 §2.3.1 hash-source).
std::string form_post_script_source();

} // namespace esc::web
