#include "mail/smtp_transport.hpp"

#include "mail/curl_global.hpp"

#include <cstring>
#include <memory>

#include <curl/curl.h>

namespace esc::mail {
namespace {

struct Upload {
    const std::string& data;
    std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

// What to do after a failed attempt: the SMTP reply code decides when there is one (RFC 5321
// §4.2.1: 4yz transient, 5yz permanent); a connection that failed or timed out is transient.
SendResult::Outcome outcome_of(CURLcode code, long reply) {
    if (reply >= 500 && reply < 600) return SendResult::Outcome::permanent;
    if (reply >= 400 && reply < 500) return SendResult::Outcome::transient;
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return SendResult::Outcome::permanent; // the configuration is wrong: retrying changes nothing
    default:
        return SendResult::Outcome::transient;
    }
}

} // namespace

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
    curl_global_once();
}

SendResult SmtpTransport::send(const std::string& envelope_from, const std::string& recipient,
                               const std::string& message) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {SendResult::Outcome::transient, "libcurl: cannot create a handle"};
    CURL* h = curl.get();
    char error[CURL_ERROR_SIZE] = "";
    Upload upload{message};
    const std::string from = "<" + envelope_from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(rcpt, curl_slist_free_all);

    curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // called from worker threads
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.timeout_seconds));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout_seconds));
    if (settings_.security == SmtpSettings::Security::starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, CURLUSESSL_ALL);
    if (!settings_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings_.ca_file.c_str());
    if (!settings_.username.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, settings_.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

    const CURLcode code = curl_easy_perform(h);
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    if (code == CURLE_OK) return {SendResult::Outcome::sent, ""};
    std::string detail = error[0] ? error : curl_easy_strerror(code);
    if (reply) detail = "SMTP " + std::to_string(reply) + ": " + detail;
    return {outcome_of(code, reply), detail};
}

} // namespace esc::mail
