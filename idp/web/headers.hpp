#pragma once
#include <string>
#include <vector>

#include "http/message.hpp"

namespace esc::web {

// Security headers for every HTML page (psc-profile.md "anti-framing headers on every page";
// RFC 9700 §4.16; ANSSI OIDC guide). The CSP forbids every script, allows only our own
// stylesheet and lets forms post to this server, to https: relying parties and to loopback
// redirect URIs (RFC 8252 §7.3), which the form_post response mode needs.
//
// extra_form_action: more CSP sources a form may post to, e.g. "http://rp.intranet:8080" for a
// relying party registered with a plain-http redirect URI. A source holding anything but URL
// characters (spaces, ';', ',', quotes) would rewrite the policy: such entries are skipped.
void add_page_headers(http::Response& response, const std::vector<std::string>& extra_form_action = {});

// The Content-Security-Policy value add_page_headers sets.
std::string page_csp(const std::vector<std::string>& extra_form_action = {});

} // namespace esc::web
