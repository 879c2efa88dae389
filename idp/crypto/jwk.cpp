// JSON Web Keys (RFC 7517, RFC 7518 §6) for RSA and EC P-256 public keys: export of our keys
// with their RFC 7638 thumbprint, import of clients' JWKS (private_key_jwt, RFC 7523).
#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include "crypto/encoding.hpp"
#include "crypto/ossl.hpp"

namespace esc::crypto::detail {
namespace {

using nlohmann::json;

constexpr std::size_t kP256CoordinateSize = 32;
// Above these sizes a public key only costs verification time: RFC 7518 §3.3 sets the minimum
// (2048 bits, checked by key_matches); the maxima are ours, against keys built to be slow.
constexpr int kMaxRsaModulusBits = 8192;
constexpr int kMaxRsaExponentBits = 64;

std::string bn_param(EVP_PKEY* pkey, const char* name, int pad_to = 0) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
        ERR_clear_error();
        throw std::runtime_error(std::string("OpenSSL: cannot export key parameter ") + name);
    }
    BnPtr bn(raw);
    std::string out(pad_to > 0 ? static_cast<std::size_t>(pad_to) : static_cast<std::size_t>(BN_num_bytes(bn.get())),
                    '\0');
    auto* buf = reinterpret_cast<unsigned char*>(out.data());
    int len = pad_to > 0 ? BN_bn2binpad(bn.get(), buf, pad_to) : BN_bn2bin(bn.get(), buf);
    if (len < 0) throw std::runtime_error(std::string("OpenSSL: key parameter too large: ") + name);
    return out;
}

std::optional<std::string> string_member(const json& jwk, const char* name) {
    auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<std::string> binary_member(const json& jwk, const char* name) {
    auto text = string_member(jwk, name);
    return text ? base64url_decode(*text) : std::nullopt;
}

BnPtr to_bn(const std::string& big_endian) {
    return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                           static_cast<int>(big_endian.size()), nullptr));
}

PkeyPtr from_params(const char* type, OSSL_PARAM_BLD* bld) {
    ParamsPtr params(OSSL_PARAM_BLD_to_param(bld));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return PkeyPtr(pkey);
}

// RFC 7518 §6.3.1: n and e as unsigned big-endian integers.
PkeyPtr rsa_from_jwk(const json& jwk) {
    auto n = binary_member(jwk, "n");
    auto e = binary_member(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) return nullptr;
    BnPtr n_bn = to_bn(*n);
    BnPtr e_bn = to_bn(*e);
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!n_bn || !e_bn || !bld) return nullptr;
    if (BN_num_bits(n_bn.get()) > kMaxRsaModulusBits || BN_num_bits(e_bn.get()) > kMaxRsaExponentBits ||
        !BN_is_odd(e_bn.get()) || BN_is_one(e_bn.get()))
        return nullptr;
    if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1)
        return nullptr;
    return from_params("RSA", bld.get());
}

// RFC 7518 §6.2.1: x and y are the full 32-byte coordinates on P-256.
PkeyPtr ec_from_jwk(const json& jwk) {
    auto x = binary_member(jwk, "x");
    auto y = binary_member(jwk, "y");
    if (string_member(jwk, "crv") != "P-256" || !x || !y || x->size() != kP256CoordinateSize ||
        y->size() != kP256CoordinateSize)
        return nullptr;
    std::string point = "\x04" + *x + *y; // uncompressed point, SEC 1 §2.3.3
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        return nullptr;
    PkeyPtr pkey = from_params("EC", bld.get());
    if (!pkey) return nullptr;
    // The point must lie on the curve and not be the identity (invalid-curve attacks).
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return pkey;
}

// The algorithm a JWK is for: its `alg` if present (RFC 7517 §4.4), else inferred from `kty`.
std::optional<Alg> jwk_alg(const json& jwk) {
    auto kty = string_member(jwk, "kty");
    if (!kty) return std::nullopt;
    std::optional<Alg> inferred = *kty == "RSA"  ? std::optional(Alg::RS256)
                                  : *kty == "EC" ? std::optional(Alg::ES256)
                                                 : std::nullopt;
    if (!inferred || !jwk.contains("alg")) return inferred;
    auto alg = string_member(jwk, "alg");
    auto declared = alg ? parse_alg(*alg) : std::nullopt;
    return declared == inferred ? declared : std::nullopt;
}

std::shared_ptr<PublicKey> key_from_jwk(const json& jwk) {
    if (!jwk.is_object()) return nullptr;
    // RFC 7517 §4.2: a key published for encryption must not verify signatures.
    if (jwk.contains("use") && string_member(jwk, "use") != "sig") return nullptr;
    if (jwk.contains("kid") && !string_member(jwk, "kid")) return nullptr;
    auto alg = jwk_alg(jwk);
    if (!alg) return nullptr;
    PkeyPtr pkey = pkey_from_jwk(jwk, *alg);
    if (!pkey) return nullptr;
    std::string kid = string_member(jwk, "kid").value_or("");
    if (kid.empty()) kid = jwk_thumbprint(jwk_required_members(pkey.get(), *alg));
    return make_public_key(*alg, std::move(kid), std::move(pkey));
}

} // namespace

json jwk_required_members(EVP_PKEY* pkey, Alg alg) {
    if (alg == Alg::RS256)
        return {{"kty", "RSA"},
                {"n", base64url_encode(bn_param(pkey, OSSL_PKEY_PARAM_RSA_N))},
                {"e", base64url_encode(bn_param(pkey, OSSL_PKEY_PARAM_RSA_E))}};
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"x", base64url_encode(bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateSize))},
            {"y", base64url_encode(bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateSize))}};
}

std::string jwk_thumbprint(const json& required_members) {
    // nlohmann objects keep their members sorted and dump() adds no whitespace: exactly the
    // canonical form of RFC 7638 §3.3 (the values are ASCII, so no escaping question arises).
    return sha256_b64url(required_members.dump());
}

PkeyPtr pkey_from_jwk(const json& jwk, Alg alg) {
    if (!jwk.is_object()) return nullptr;
    auto kty = string_member(jwk, "kty");
    PkeyPtr pkey;
    if (alg == Alg::RS256 && kty == "RSA") pkey = rsa_from_jwk(jwk);
    if (alg == Alg::ES256 && kty == "EC") pkey = ec_from_jwk(jwk);
    return pkey && key_matches(pkey.get(), alg) ? std::move(pkey) : nullptr;
}

} // namespace esc::crypto::detail

namespace esc::crypto {

std::vector<std::shared_ptr<PublicKey>> public_keys_from_jwks(std::string_view jwks_json) {
    std::vector<std::shared_ptr<PublicKey>> keys;
    try {
        auto doc = nlohmann::json::parse(jwks_json, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) return keys;
        for (const auto& jwk : doc["keys"]) {
            try {
                if (auto key = detail::key_from_jwk(jwk)) keys.push_back(std::move(key));
            } catch (const std::exception&) {
                // RFC 7517 §5: a member that cannot be used is ignored, the others still count.
            }
        }
    } catch (const std::exception&) {
        keys.clear();
    }
    return keys;
}

std::vector<std::string> jwks_thumbprints(std::string_view jwks_json) {
    std::vector<std::string> out;
    auto doc = nlohmann::json::parse(jwks_json, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) return out;
    for (const auto& jwk : doc["keys"]) {
        try {
            auto alg = detail::jwk_alg(jwk);
            auto pkey = alg ? detail::pkey_from_jwk(jwk, *alg) : nullptr;
            if (pkey) out.push_back(detail::jwk_thumbprint(detail::jwk_required_members(pkey.get(), *alg)));
        } catch (const std::exception&) {
        }
    }
    return out;
}

} // namespace esc::crypto
