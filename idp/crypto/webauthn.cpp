// WebAuthn Level 2 relying-party operations (§7.1, §7.2), "none" attestation, ES256 and RS256.
// Step numbers below are those of Level 2.
#include "crypto/webauthn.hpp"

#include <optional>

#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "crypto/cbor.hpp"
#include "crypto/encoding.hpp"
#include "crypto/ossl.hpp"

namespace esc::crypto::webauthn {
namespace {

using detail::PkeyPtr;

// COSE algorithms (RFC 9053 §2.1, RFC 8812 §2), key types and parameters (RFC 9053 §7).
constexpr int kEs256 = -7;
constexpr int kRs256 = -257;
constexpr std::int64_t kLabelKty = 1;
constexpr std::int64_t kLabelAlg = 3;
constexpr std::int64_t kKtyEc2 = 2;
constexpr std::int64_t kKtyRsa = 3;
constexpr std::int64_t kEc2Crv = -1; // EC2: crv, x, y
constexpr std::int64_t kEc2X = -2;
constexpr std::int64_t kEc2Y = -3;
constexpr std::int64_t kCrvP256 = 1;
constexpr std::int64_t kRsaN = -1; // RSA: n, e (RFC 8230 §4)
constexpr std::int64_t kRsaE = -2;

constexpr std::size_t kP256CoordinateSize = 32;
// RFC 8812 §2 sets the 2048-bit floor; the ceilings are ours (as in jwk.cpp): beyond them a key
// only costs verification time.
constexpr int kMinRsaModulusBits = 2048;
constexpr int kMaxRsaModulusBits = 8192;
constexpr int kMaxRsaExponentBits = 64;

// §6.1 authenticator data: rpIdHash (32), flags (1), signCount (4), then §6.5.1 attested
// credential data: aaguid (16), credentialIdLength (2), credentialId, credentialPublicKey.
constexpr std::size_t kRpIdHashSize = 32;
constexpr std::size_t kFixedSize = kRpIdHashSize + 1 + 4;
constexpr std::size_t kAaguidSize = 16;
constexpr std::size_t kMaxCredentialIdSize = 1023; // Level 3 §7.1

constexpr unsigned kUserPresent = 0x01;
constexpr unsigned kUserVerified = 0x04;
constexpr unsigned kBackupEligible = 0x08; // Level 3 §6.1; Level 2 left these bits reserved
constexpr unsigned kBackupState = 0x10;
constexpr unsigned kAttestedData = 0x40;
constexpr unsigned kExtensionData = 0x80;

struct AttestedCredential {
    std::string aaguid;
    std::string id;
    cbor::Value public_key;
};

struct AuthenticatorData {
    std::string_view rp_id_hash;
    unsigned flags = 0;
    std::uint32_t sign_count = 0;
    std::optional<AttestedCredential> credential; // present when the AT flag is set
};

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::uint32_t big_endian(std::string_view s) {
    std::uint32_t value = 0;
    for (unsigned char c : s)
        value = value << 8 | c;
    return value;
}

// Every byte is accounted for: a trailing byte is not ours to ignore, since the signature of
// an assertion covers it.
std::optional<AuthenticatorData> parse_authenticator_data(std::string_view data) {
    if (data.size() < kFixedSize) return std::nullopt;
    AuthenticatorData out;
    out.rp_id_hash = data.substr(0, kRpIdHashSize);
    out.flags = static_cast<unsigned char>(data[kRpIdHashSize]);
    out.sign_count = big_endian(data.substr(kRpIdHashSize + 1, 4));
    std::string_view rest = data.substr(kFixedSize);
    if (out.flags & kAttestedData) {
        if (rest.size() < kAaguidSize + 2) return std::nullopt;
        AttestedCredential credential;
        credential.aaguid = rest.substr(0, kAaguidSize);
        std::size_t id_size = big_endian(rest.substr(kAaguidSize, 2));
        rest.remove_prefix(kAaguidSize + 2);
        if (id_size == 0 || id_size > kMaxCredentialIdSize || id_size > rest.size()) return std::nullopt;
        credential.id = rest.substr(0, id_size);
        rest.remove_prefix(id_size);
        std::size_t used = 0; // the COSE key has no length prefix: extensions may follow it
        auto key = cbor::decode(rest, &used);
        if (!key) return std::nullopt;
        credential.public_key = std::move(*key);
        rest.remove_prefix(used);
        out.credential = std::move(credential);
    }
    if (out.flags & kExtensionData) {
        auto extensions = cbor::decode(rest); // §6.1: a map, and the last item
        if (!extensions || !extensions->map()) return std::nullopt;
        rest = {};
    }
    // Level 3 §6.1: a credential that is not backup eligible cannot be backed up.
    if ((out.flags & kBackupState) && !(out.flags & kBackupEligible)) return std::nullopt;
    if (!rest.empty()) return std::nullopt;
    return out;
}

const std::string* string_member(const nlohmann::json& object, const char* name) {
    auto it = object.find(name);
    return it == object.end() ? nullptr : it->get_ptr<const std::string*>();
}

// §7.1 steps 5-9, §7.2 steps 9-13; tokenBinding (steps 10, 14) is not checked, as we use no Token Binding.
std::optional<Error> check_client_data(std::string_view client_data_json, std::string_view type,
                                       const Expectation& expected) {
    auto client_data = nlohmann::json::parse(client_data_json, nullptr, false);
    if (client_data.is_discarded() || !client_data.is_object()) return Error::malformed;
    const std::string* actual_type = string_member(client_data, "type");
    const std::string* challenge = string_member(client_data, "challenge");
    const std::string* origin = string_member(client_data, "origin");
    if (!actual_type || !challenge || !origin) return Error::malformed;
    if (*actual_type != type) return Error::wrong_type;
    auto received = base64url_decode(*challenge);
    if (expected.challenge.empty() || !received || !constant_time_equals(*received, expected.challenge))
        return Error::challenge_mismatch;
    if (*origin != expected.origin) return Error::origin_mismatch;
    // §5.8.1: true means the ceremony ran in a cross-origin iframe, which we never embed.
    if (auto it = client_data.find("crossOrigin"); it != client_data.end()) {
        if (!it->is_boolean()) return Error::malformed;
        if (it->get<bool>()) return Error::origin_mismatch;
    }
    return std::nullopt;
}

// §7.1 steps 13-15, §7.2 steps 15-17.
std::optional<Error> check_authenticator_data(const AuthenticatorData& data, const Expectation& expected) {
    if (data.rp_id_hash != sha256(expected.rp_id)) return Error::rp_id_mismatch;
    if (!(data.flags & kUserPresent)) return Error::user_not_present;
    if (expected.require_user_verification && !(data.flags & kUserVerified)) return Error::user_not_verified;
    return std::nullopt;
}

std::optional<std::int64_t> int_param(const cbor::Value::Map& key, std::int64_t label) {
    const cbor::Value* value = cbor::find(key, label);
    return value ? value->integer() : std::nullopt;
}

const std::string* bytes_param(const cbor::Value::Map& key, std::int64_t label) {
    const cbor::Value* value = cbor::find(key, label);
    return value ? value->bytes() : nullptr;
}

PkeyPtr from_params(const char* type, OSSL_PARAM_BLD* bld) {
    detail::ParamsPtr params(OSSL_PARAM_BLD_to_param(bld));
    detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return PkeyPtr(pkey);
}

// RFC 9053 §7.1.1: x and y are the full coordinates; a y given as a sign bit (compressed
// point) is refused, as authenticators send uncompressed ones.
PkeyPtr ec2_key(const cbor::Value::Map& key) {
    const std::string* x = bytes_param(key, kEc2X);
    const std::string* y = bytes_param(key, kEc2Y);
    if (int_param(key, kLabelKty) != kKtyEc2 || int_param(key, kEc2Crv) != kCrvP256 || !x || !y ||
        x->size() != kP256CoordinateSize || y->size() != kP256CoordinateSize)
        return nullptr;
    std::string point = "\x04" + *x + *y; // uncompressed point, SEC 1 §2.3.3
    detail::ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        return nullptr;
    PkeyPtr pkey = from_params("EC", bld.get());
    if (!pkey) return nullptr;
    // The point must lie on the curve and not be the identity (invalid-curve attacks).
    detail::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return pkey;
}

// RFC 8230 §4: n and e as unsigned big-endian byte strings.
PkeyPtr rsa_key(const cbor::Value::Map& key) {
    const std::string* n = bytes_param(key, kRsaN);
    const std::string* e = bytes_param(key, kRsaE);
    if (int_param(key, kLabelKty) != kKtyRsa || !n || !e) return nullptr;
    detail::BnPtr n_bn(BN_bin2bn(bytes(*n), static_cast<int>(n->size()), nullptr));
    detail::BnPtr e_bn(BN_bin2bn(bytes(*e), static_cast<int>(e->size()), nullptr));
    detail::ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!n_bn || !e_bn || !bld) return nullptr;
    int modulus_bits = BN_num_bits(n_bn.get());
    if (modulus_bits < kMinRsaModulusBits || modulus_bits > kMaxRsaModulusBits ||
        BN_num_bits(e_bn.get()) > kMaxRsaExponentBits || !BN_is_odd(e_bn.get()) || BN_is_one(e_bn.get()))
        return nullptr;
    if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1)
        return nullptr;
    return from_params("RSA", bld.get());
}

std::optional<std::string> spki_der(EVP_PKEY* pkey) {
    int size = i2d_PUBKEY(pkey, nullptr);
    if (size <= 0) {
        ERR_clear_error();
        return std::nullopt;
    }
    std::string der(static_cast<std::size_t>(size), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_PUBKEY(pkey, &out) != size) {
        ERR_clear_error();
        return std::nullopt;
    }
    return der;
}

// A stored key of the expected kind; nullptr for anything else, including trailing bytes.
PkeyPtr stored_key(std::string_view der, int cose_alg) {
    const unsigned char* in = bytes(der);
    PkeyPtr pkey(d2i_PUBKEY(nullptr, &in, static_cast<long>(der.size())));
    if (!pkey || in != bytes(der) + der.size()) {
        ERR_clear_error();
        return nullptr;
    }
    bool usable = (cose_alg == kEs256 && detail::key_matches(pkey.get(), Alg::ES256)) ||
                  (cose_alg == kRs256 && detail::key_matches(pkey.get(), Alg::RS256) &&
                   EVP_PKEY_get_bits(pkey.get()) <= kMaxRsaModulusBits);
    return usable ? std::move(pkey) : nullptr;
}

// §6.5.5: ES256 signatures are DER ECDSA-Sig-Value, as OpenSSL reads them (and it refuses
// non-DER encodings); RS256 is RSASSA-PKCS1-v1_5, OpenSSL's default RSA padding.
bool signature_valid(EVP_PKEY* pkey, std::string_view signed_data, std::string_view signature) {
    detail::MdCtxPtr ctx(EVP_MD_CTX_new());
    bool valid =
        ctx && EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pkey, nullptr) == 1 &&
        EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(signed_data), signed_data.size()) == 1;
    if (!valid) ERR_clear_error(); // a forged signature must leave no error queued on this thread
    return valid;
}

} // namespace

std::string_view error_text(Error e) {
    switch (e) {
    case Error::malformed:
        return "malformed WebAuthn response";
    case Error::wrong_type:
        return "client data type is not this ceremony's";
    case Error::challenge_mismatch:
        return "challenge does not match";
    case Error::origin_mismatch:
        return "origin does not match";
    case Error::rp_id_mismatch:
        return "RP ID hash does not match";
    case Error::user_not_present:
        return "user presence flag not set";
    case Error::user_not_verified:
        return "user verification flag not set";
    case Error::unsupported_attestation:
        return "attestation format other than none";
    case Error::unsupported_key:
        return "unsupported credential public key";
    case Error::bad_signature:
        return "assertion signature does not verify";
    case Error::counter_regressed:
        return "signature counter did not increase";
    }
    return "unknown WebAuthn error";
}

std::variant<NewCredential, Error> verify_registration(std::string_view client_data_json,
                                                       std::string_view attestation_object,
                                                       const Expectation& expected) {
    if (auto error = check_client_data(client_data_json, "webauthn.create", expected)) return *error;
    // Step 12: a map of fmt (text), attStmt (map) and authData (bytes), §6.5.4.
    auto object = cbor::decode(attestation_object);
    const cbor::Value::Map* fields = object ? object->map() : nullptr;
    if (!fields) return Error::malformed;
    const cbor::Value* fmt = cbor::find(*fields, "fmt");
    const cbor::Value* statement = cbor::find(*fields, "attStmt");
    const cbor::Value* auth_data = cbor::find(*fields, "authData");
    if (!fmt || !fmt->text() || !statement || !statement->map() || !auth_data || !auth_data->bytes())
        return Error::malformed;
    auto data = parse_authenticator_data(*auth_data->bytes());
    if (!data || !data->credential) return Error::malformed;
    if (auto error = check_authenticator_data(*data, expected)) return *error;
    // Step 16: the key's algorithm must be one of those we offered in pubKeyCredParams.
    const cbor::Value::Map* cose_key = data->credential->public_key.map();
    if (!cose_key) return Error::malformed;
    auto alg = int_param(*cose_key, kLabelAlg);
    PkeyPtr pkey = alg == kEs256 ? ec2_key(*cose_key) : alg == kRs256 ? rsa_key(*cose_key) : nullptr;
    auto der = pkey ? spki_der(pkey.get()) : std::nullopt;
    if (!der) return Error::unsupported_key;
    // Steps 18-19, §8.7: "none" is the only format we take, and it carries an empty statement.
    if (*fmt->text() != "none" || !statement->map()->empty()) return Error::unsupported_attestation;
    return NewCredential{.credential_id = std::move(data->credential->id),
                         .public_key_der = std::move(*der),
                         .cose_alg = static_cast<int>(*alg),
                         .sign_count = data->sign_count,
                         .aaguid = std::move(data->credential->aaguid),
                         .backup_eligible = (data->flags & kBackupEligible) != 0};
}

std::variant<Assertion, Error> verify_assertion(std::string_view client_data_json, std::string_view authenticator_data,
                                                std::string_view signature, std::string_view public_key_der,
                                                int cose_alg, std::uint32_t stored_sign_count,
                                                const Expectation& expected) {
    if (auto error = check_client_data(client_data_json, "webauthn.get", expected)) return *error;
    auto data = parse_authenticator_data(authenticator_data);
    if (!data) return Error::malformed;
    if (auto error = check_authenticator_data(*data, expected)) return *error;
    PkeyPtr pkey = stored_key(public_key_der, cose_alg);
    if (!pkey) return Error::unsupported_key;
    // Steps 19-20: the signature covers authenticatorData || SHA-256(clientDataJSON).
    std::string signed_data(authenticator_data);
    signed_data += sha256(client_data_json);
    if (!signature_valid(pkey.get(), signed_data, signature)) return Error::bad_signature;
    // Step 21: once either counter is non-zero, it must increase; otherwise the authenticator
    // may have been cloned, and we refuse rather than guess.
    if ((data->sign_count != 0 || stored_sign_count != 0) && data->sign_count <= stored_sign_count)
        return Error::counter_regressed;
    return Assertion{.sign_count = data->sign_count};
}

} // namespace esc::crypto::webauthn
