#pragma once
#include <string>
#include <string_view>

namespace esc::authenticator {

// `text` from the server made safe to print on one terminal line: control characters (newlines,
// escape sequences) become '?', so a service name can neither forge another output line nor
// drive the terminal. UTF-8 is kept as is.
std::string printable(std::string_view text);

} // namespace esc::authenticator
