#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "web/pages.hpp"

// What the view files (web/views/) share to fill their templates. Private to web/.
namespace esc::web {

using PageData = kainjow::mustache::data;

// An empty mustache list.
PageData list_of();
// The service a page speaks of; "Portail Esculape" when none.
std::string service_name(const std::string& client_name);
// The French label of a profession code (TRE_G15), or a readable fallback.
std::string profession_text(const std::string& code);
// Only web addresses and paths of this server become links: a "javascript:" or "data:" URL from
// a misconfigured tile must not run in the portal's origin.
bool is_safe_link(std::string_view url);
PageData hidden_fields(const std::vector<HiddenField>& fields);
// The message of `field` in a page's field errors ("" = none).
std::string error_of(const std::map<std::string, std::string>& errors, const std::string& field);
// A text a template tests with {{#key}}…{{/key}}: mustache treats every string as true, even "",
// so an empty text is set as false (no empty error paragraph, no aria-invalid on a valid field).
void set_optional(PageData& data, const std::string& key, const std::string& value);

} // namespace esc::web
