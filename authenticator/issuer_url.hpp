#pragma once
// The idp's issuer URL (P) and the enrolment link the portal shows as a QR code,
// P/device/enroll?code=<activation code>.
#include <string>
#include <string_view>

namespace esc::authenticator {

// Checks and normalises an issuer given on the command line; throws a usage Failure. It must be
// https:// (plain http:// only to a loopback address, for a local idp behind no TLS), without
// credentials, query or fragment; a trailing '/' is dropped so that P + "/device/…" is the URL
// the idp expects in htu.
std::string normalize_issuer(std::string_view issuer);

struct EnrolmentLink {
    std::string issuer; // P, normalised as above
    std::string code;   // the activation code, percent-decoded
};

// Reads P/device/enroll?code=… (other query parameters are ignored); throws a usage Failure.
EnrolmentLink parse_enrolment_url(std::string_view url);

// P + path, e.g. endpoint_url(P, "/device/requests").
std::string endpoint_url(const std::string& issuer, std::string_view path);

} // namespace esc::authenticator
