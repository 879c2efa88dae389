// libFuzzer target: bytes as CBOR and as WebAuthn responses. The input is split at its first
// 0x00: before it the clientDataJSON, after it the attestationObject of a registration, and also
// the authenticatorData and signature of an assertion, the signature being as many trailing bytes
// as the last byte says (see test/fuzz/corpus/webauthn). Nothing may crash, and:
// - a registration checked against a challenge drawn at start-up cannot succeed, as no input can
//   echo it; against the corpus challenge it may (a "none" attestation is signed by nobody, so
//   anyone can build a valid one), but what it returns must be sane;
// - an assertion cannot succeed: its key's private half was discarded when it was generated.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/cbor.hpp"
#include "crypto/encoding.hpp"
#include "crypto/webauthn.hpp"

namespace {

using namespace esc::crypto;

// The challenge of the corpus files, so that mutations get past the client data checks.
const webauthn::Expectation& corpus_expectation() {
    static const webauthn::Expectation expected{.challenge = "esculape-fuzz-challenge-32-bytes",
                                                .origin = "https://localhost:8443",
                                                .rp_id = "localhost",
                                                .require_user_verification = false};
    return expected;
}

const webauthn::Expectation& secret_expectation() {
    static const webauthn::Expectation expected = [] {
        webauthn::Expectation e = corpus_expectation();
        e.challenge = random_bytes(32);
        return e;
    }();
    return expected;
}

// A P-256 SubjectPublicKeyInfo; its private key was never stored.
constexpr unsigned char kSpki[] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0x6e, 0xf7, 0xbd, 0x87, 0x3c, 0x72, 0x36, 0xf9, 0x58, 0x09, 0xc6,
    0x0b, 0x69, 0x56, 0x06, 0x72, 0x77, 0xba, 0xb2, 0x02, 0x6a, 0x6c, 0xc5, 0x35, 0xbb, 0xcd, 0xa4, 0xca, 0x01, 0xc4,
    0x54, 0xf3, 0xd3, 0xb0, 0xa8, 0x8c, 0x40, 0xbf, 0xd5, 0x8b, 0xbe, 0x8d, 0x29, 0x99, 0xf5, 0x49, 0xa2, 0x78, 0x79,
    0xd6, 0x1f, 0x85, 0x2e, 0xb7, 0xdd, 0x46, 0x1f, 0x62, 0x61, 0x7c, 0x75, 0x38, 0x99, 0x6a};

// What a registration hands to storage must be what webauthn.hpp promises.
bool sane(const webauthn::NewCredential& credential) {
    const auto* der = reinterpret_cast<const unsigned char*>(credential.public_key_der.data());
    const unsigned char* end = der + credential.public_key_der.size();
    EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &der, static_cast<long>(credential.public_key_der.size()));
    bool parsed = pkey != nullptr && der == end;
    EVP_PKEY_free(pkey);
    return parsed && !credential.credential_id.empty() && credential.credential_id.size() <= 1023 &&
           credential.aaguid.size() == 16 && (credential.cose_alg == -7 || credential.cose_alg == -257);
}

void check_cbor(std::string_view input) {
    std::size_t consumed = 0;
    auto prefix = cbor::decode(input, &consumed);
    if (prefix && (consumed == 0 || consumed > input.size())) __builtin_trap();
    auto whole = cbor::decode(input);
    if (whole && !(prefix && consumed == input.size() && *prefix == *whole)) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    check_cbor(input);
    std::size_t split = input.find('\0');
    if (split == std::string_view::npos) return 0;
    std::string_view client_data = input.substr(0, split);
    std::string_view rest = input.substr(split + 1);
    check_cbor(rest);

    if (std::holds_alternative<webauthn::NewCredential>(
            webauthn::verify_registration(client_data, rest, secret_expectation())))
        __builtin_trap();
    auto registered = webauthn::verify_registration(client_data, rest, corpus_expectation());
    if (const auto* credential = std::get_if<webauthn::NewCredential>(&registered); credential && !sane(*credential))
        __builtin_trap();

    if (rest.empty()) return 0;
    std::string_view body = rest.substr(0, rest.size() - 1);
    std::size_t signature_size = std::min<std::size_t>(static_cast<unsigned char>(rest.back()), body.size());
    std::string_view authenticator_data = body.substr(0, body.size() - signature_size);
    std::string_view signature = body.substr(body.size() - signature_size);
    std::string_view spki(reinterpret_cast<const char*>(kSpki), sizeof kSpki);
    if (std::holds_alternative<webauthn::Assertion>(
            webauthn::verify_assertion(client_data, authenticator_data, signature, spki, -7, 0, corpus_expectation())))
        __builtin_trap();
    return 0;
}
