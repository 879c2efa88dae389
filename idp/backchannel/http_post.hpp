#pragma once
#include <string>

// The back-channel logout POST (OpenID Connect Back-Channel Logout 1.0 §2.5): one form parameter,
// logout_token, to the relying party's backchannel_logout_uri.
namespace esc::backchannel {

struct PostResult {
    enum class Outcome { delivered, transient, permanent };
    Outcome outcome = Outcome::delivered;
    std::string error;
};

class LogoutPoster {
public:
    virtual ~LogoutPoster() = default;
    virtual PostResult post(const std::string& uri, const std::string& logout_token) = 0;
};

// libcurl, one connection per delivery, no redirects followed (§2.5: the RP answers itself).
// 200 and 204 are delivered; 408, 429 and 5xx are retried; any other 4xx is permanent (the RP
// refused this token: sending it again changes nothing).
class CurlLogoutPoster final : public LogoutPoster {
public:
    explicit CurlLogoutPoster(int timeout_seconds = 10, std::string ca_file = "");
    PostResult post(const std::string& uri, const std::string& logout_token) override;

private:
    int timeout_seconds_;
    std::string ca_file_;
};

} // namespace esc::backchannel
