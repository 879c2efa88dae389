// libFuzzer target: what a client certificate or a CRL file can hold. The bytes are read as a CRL
// (PEM or DER, checked against the test CA: a forged one must throw, never crash) and as a
// certificate PEM checked against a CRL set; the text is read as a certificate subject for its
// national id.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "crypto/revocation.hpp"
#include "domain/registration.hpp"

namespace {
// The CA of a real test CRL of the corpus (test/fuzz/data, from certs/make-test-pki), so that
// mutations of that CRL reach the signature check.
const std::string& ca_pem() {
    static const std::string pem = [] {
        std::ifstream in(FUZZ_DATA_DIR "/card-ca.pem");
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }();
    return pem;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    try {
        auto crl = esc::crypto::crl_from_bytes(input, "fuzz", ca_pem());
        if (crl.issuer_der.empty()) __builtin_trap(); // accepted means signed by a known CA
    } catch (const std::runtime_error&) {
    }
    esc::crypto::CrlSet empty;
    auto status = empty.check(input, 0, true);
    if (status != esc::crypto::RevocationStatus::no_crl && status != esc::crypto::RevocationStatus::unreadable)
        __builtin_trap(); // no CRL at all: never "good"
    if (auto id = esc::domain::national_id_from_subject(input))
        if (id->size() < 9 || id->size() > 12) __builtin_trap();
    return 0;
}
