// JWS compact serialization (RFC 7515 §7.1) for RS256 and ES256.
#include "crypto/jws.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"

namespace esc::crypto {
namespace {

struct Header {
    Alg alg;
    std::string kid;
};

// RFC 7515 §5.2: the header must be a JSON object; nlohmann keeps the lexically last of
// duplicate members, which §5.2 allows. Any error is reported, never thrown.
std::optional<JwsError> parse_header(std::string_view json_text, const std::vector<Alg>& allowed, Header& out) {
    nlohmann::json header = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (!header.is_object()) return JwsError::malformed;
    auto alg_it = header.find("alg");
    if (alg_it == header.end() || !alg_it->is_string()) return JwsError::malformed;
    // RFC 8725 §3.1: only algorithms on the caller's list; "none" and HMAC are never accepted.
    auto alg = parse_alg(alg_it->get_ref<const std::string&>());
    if (!alg || std::find(allowed.begin(), allowed.end(), *alg) == allowed.end()) return JwsError::unsupported_alg;
    auto kid_it = header.find("kid");
    if (kid_it != header.end() && !kid_it->is_string()) return JwsError::malformed;
    // RFC 7515 §4.1.11: we understand no extension, so any "crit" makes the JWS invalid.
    if (header.contains("crit")) return JwsError::malformed;
    out.alg = *alg;
    out.kid = kid_it != header.end() ? kid_it->get<std::string>() : std::string();
    return std::nullopt;
}

JwsResult failure(JwsError e) {
    return JwsResult{std::nullopt, e};
}

JwsResult verify_parts(std::string_view token, std::size_t dot1, std::size_t dot2, const KeyLookup& lookup,
                       const std::vector<Alg>& allowed) {
    auto header_json = base64url_decode(token.substr(0, dot1));
    if (!header_json) return failure(JwsError::malformed);
    Header header;
    if (auto error = parse_header(*header_json, allowed, header)) return failure(*error);
    auto payload_json = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!payload_json || !signature || signature->empty()) return failure(JwsError::malformed);

    auto candidates = lookup ? lookup(header.kid, header.alg) : std::vector<std::shared_ptr<PublicKey>>{};
    std::string_view signing_input = token.substr(0, dot2); // RFC 7515 §5.2 step 8
    bool any_key = false;
    for (const auto& key : candidates) {
        if (!key || key->alg() != header.alg) continue; // a key is bound to one algorithm (RFC 8725 §3.1)
        any_key = true;
        if (key->verify(signing_input, *signature))
            return JwsResult{VerifiedJws{std::move(*header_json), std::move(*payload_json)}, JwsError::malformed};
    }
    return failure(any_key ? JwsError::bad_signature : JwsError::unknown_key);
}

} // namespace

std::optional<Alg> parse_alg(std::string_view name) {
    if (name == "RS256") return Alg::RS256;
    if (name == "ES256") return Alg::ES256;
    return std::nullopt;
}

const char* alg_name(Alg alg) {
    return alg == Alg::RS256 ? "RS256" : "ES256";
}

const char* jws_error_text(JwsError e) {
    switch (e) {
    case JwsError::malformed:
        return "malformed JWS";
    case JwsError::unsupported_alg:
        return "unsupported JWS algorithm";
    case JwsError::unknown_key:
        return "no key matches the JWS key id and algorithm";
    case JwsError::bad_signature:
        return "invalid JWS signature";
    }
    return "JWS error";
}

std::string sign_jws(const PrivateKey& key, std::string_view payload_json, std::string_view typ) {
    nlohmann::json header = {{"alg", alg_name(key.alg())}, {"kid", key.kid()}};
    if (!typ.empty()) header["typ"] = std::string(typ);
    std::string signing_input = base64url_encode(header.dump()) + '.' + base64url_encode(payload_json);
    std::string signature = key.sign(signing_input);
    return signing_input + '.' + base64url_encode(signature);
}

JwsResult verify_jws(std::string_view token, const KeyLookup& lookup, const std::vector<Alg>& allowed) {
    // RFC 7515 §7.1: exactly three base64url parts separated by two dots.
    std::size_t dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return failure(JwsError::malformed);
    std::size_t dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return failure(JwsError::malformed);
    try {
        return verify_parts(token, dot1, dot2, lookup, allowed);
    } catch (const std::exception&) {
        // Only a failing lookup or allocation can get here; the token is not accepted either way.
        return failure(JwsError::malformed);
    }
}

} // namespace esc::crypto
