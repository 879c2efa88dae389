#pragma once
// A minimal HTTPS client over libcurl for the idp's device endpoints: one request, one
// connection, certificate and host name always verified (against --ca or the system's store).
#include <string>
#include <vector>

namespace esc::authenticator {

struct HttpResponse {
    long status = 0;
    std::string body;
};

struct HttpRequest {
    std::string method; // "GET" or "POST"
    std::string url;
    std::vector<std::string> headers; // "Name: value"
    std::string body;                 // POST only; may be empty
};

class HttpClient {
public:
    // `ca_file`: a PEM bundle to trust instead of the system's store; "" = the system's.
    explicit HttpClient(std::string ca_file);
    // Any HTTP answer, whatever its status, is returned; throws a network Failure when there is
    // none (DNS, connection, TLS verification, timeout, or an answer larger than we accept).
    HttpResponse send(const HttpRequest& request) const;

private:
    std::string ca_file_;
};

} // namespace esc::authenticator
