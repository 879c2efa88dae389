#include "web/qr_svg.hpp"

#include <memory>
#include <string>

#include <qrencode.h>

namespace esc::web {

std::string qr_svg(std::string_view text, std::string_view label) {
    std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) return "";
    const int size = code->width;
    const int total = size + 8;
    std::string path;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            if (code->data[y * size + x] & 1)
                path += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
    std::string escaped;
    for (char c : label) {
        if (c == '<')
            escaped += "&lt;";
        else if (c == '>')
            escaped += "&gt;";
        else if (c == '&')
            escaped += "&amp;";
        else if (c == '"')
            escaped += "&quot;";
        else
            escaped += c;
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(total) + " " +
           std::to_string(total) + "\" width=\"240\" height=\"240\" role=\"img\" aria-label=\"" + escaped +
           "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" "
           "d=\"" +
           path + "\"/></svg>";
}

} // namespace esc::web
