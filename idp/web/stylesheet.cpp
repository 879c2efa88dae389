#include "web/stylesheet.hpp"

#include "crypto/encoding.hpp"

namespace esc::web {
namespace {

// The file holds the raw-string delimiters itself, so it is embedded without a build step.
constexpr std::string_view kStylesheet =
#include "web/static/esculape.css"
    ;

const std::string& content_hash() {
    static const std::string hash = crypto::sha256_b64url(kStylesheet).substr(0, 22);
    return hash;
}

} // namespace

std::string_view stylesheet() {
    return kStylesheet;
}

std::string stylesheet_etag() {
    return "\"" + content_hash() + "\"";
}

std::string stylesheet_version() {
    return content_hash().substr(0, 12);
}

} // namespace esc::web
