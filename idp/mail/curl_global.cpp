#include "mail/curl_global.hpp"

#include <curl/curl.h>

namespace esc::mail {

void curl_global_once() {
    static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    (void)initialised;
}

} // namespace esc::mail
