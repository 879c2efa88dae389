#include "http_client.hpp"

#include <memory>

#include <curl/curl.h>

#include "failure.hpp"

namespace esc::authenticator {
namespace {

constexpr long kConnectTimeoutSeconds = 10;
constexpr long kTimeoutSeconds = 30;
// The idp's answers are a few KiB at most; more is not an answer we want to parse.
constexpr std::size_t kMaxBodySize = 1024 * 1024;

struct Sink {
    std::string body;
    bool too_large = false;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body.size() + n > kMaxBodySize) {
        sink->too_large = true;
        return 0; // makes libcurl stop with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

// The scheme the URL starts with, which is the only protocol libcurl may use for it: the issuer
// check (enrolment_link) already decided whether plain http is acceptable.
const char* protocol_of(const std::string& url) {
    return url.rfind("http://", 0) == 0 ? "http" : "https";
}

} // namespace

HttpClient::HttpClient(std::string ca_file) : ca_file_(std::move(ca_file)) {}

HttpResponse HttpClient::send(const HttpRequest& request) const {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw network_error("libcurl ne peut pas créer de connexion.");
    CURL* h = curl.get();
    curl_slist* headers = nullptr;
    for (const auto& header : request.headers)
        headers = curl_slist_append(headers, header.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers_guard(headers, curl_slist_free_all);
    char error[CURL_ERROR_SIZE] = "";
    Sink sink;

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocol_of(request.url));
    // Never follow a redirect: the device JWT is bound to this URL (htu) and must not be handed
    // to whatever host a Location header names.
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, kTimeoutSeconds);
    // libcurl verifies by default; said again so that no later edit can forget it.
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!ca_file_.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file_.c_str());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "idp-authenticator/1");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    if (request.method == "POST") {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode code = curl_easy_perform(h);
    if (sink.too_large) throw network_error("réponse de plus de 1 Mio, abandonnée.");
    if (code != CURLE_OK) throw network_error(std::string(error[0] ? error : curl_easy_strerror(code)) + ".");
    HttpResponse response;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    response.body = std::move(sink.body);
    return response;
}

} // namespace esc::authenticator
