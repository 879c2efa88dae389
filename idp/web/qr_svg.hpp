#pragma once
#include <string>
#include <string_view>

namespace esc::web {

// `text` as a QR code (libqrencode, error correction M) drawn in inline SVG: one path of dark
// modules with a four-module quiet zone, `label` as its accessible name. "" if it cannot be encoded.
std::string qr_svg(std::string_view text, std::string_view label);

} // namespace esc::web
