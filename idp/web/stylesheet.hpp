#pragma once
#include <string>
#include <string_view>

namespace esc::web {

// The pages' stylesheet (web/static/esculape.css), compiled into the binary so the server needs
// no file beside it. Served at kStylesheetPath with Content-Type "text/css; charset=utf-8".
std::string_view stylesheet();

// Strong ETag of stylesheet(), quoted as RFC 9110 §8.8.3 wants: "\"<22 base64url chars>\"".
std::string stylesheet_etag();

// A short content hash the pages append as "?v=" to the stylesheet link, so a changed
// stylesheet is fetched at once even when the old one was cached for long.
std::string stylesheet_version();

inline constexpr std::string_view kStylesheetPath = "/static/esculape.css";

} // namespace esc::web
