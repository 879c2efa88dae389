#include "backchannel/http_post.hpp"

#include "mail/curl_global.hpp"

#include <memory>

#include <curl/curl.h>

namespace esc::backchannel {
namespace {

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count; // the RP's body says nothing we act on
}

std::string form_escape(CURL* h, const std::string& value) {
    char* escaped = curl_easy_escape(h, value.c_str(), static_cast<int>(value.size()));
    std::string out = escaped ? escaped : "";
    curl_free(escaped);
    return out;
}

} // namespace

CurlLogoutPoster::CurlLogoutPoster(int timeout_seconds, std::string ca_file)
    : timeout_seconds_(timeout_seconds), ca_file_(std::move(ca_file)) {
    mail::curl_global_once();
}

PostResult CurlLogoutPoster::post(const std::string& uri, const std::string& logout_token) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {PostResult::Outcome::transient, "libcurl: cannot create a handle"};
    CURL* h = curl.get();
    char error[CURL_ERROR_SIZE] = "";
    const std::string body = "logout_token=" + form_escape(h, logout_token);
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers_guard(headers, curl_slist_free_all);
    curl_easy_setopt(h, CURLOPT_URL, uri.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds_));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_seconds_));
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (!ca_file_.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file_.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK)
        return {PostResult::Outcome::transient, error[0] ? std::string(error) : curl_easy_strerror(code)};
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200 || status == 204) return {PostResult::Outcome::delivered, ""};
    const std::string what = "HTTP " + std::to_string(status);
    if (status == 408 || status == 429 || status >= 500) return {PostResult::Outcome::transient, what};
    return {PostResult::Outcome::permanent, what};
}

} // namespace esc::backchannel
