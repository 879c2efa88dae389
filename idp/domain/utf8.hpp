#pragma once
#include <string_view>

namespace esc::domain {

// Well-formed UTF-8 (RFC 3629 §4): no overlong forms, no surrogates (U+D800–DFFF), nothing past
// U+10FFFF, no truncated sequence. JSON text must be UTF-8 (RFC 8259 §8.1): a value that is not
// cannot be put into a token or an error response.
bool is_valid_utf8(std::string_view text);

} // namespace esc::domain
