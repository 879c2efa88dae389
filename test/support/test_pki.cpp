#include "support/test_pki.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/certificate.hpp"

namespace esc::test {

namespace {
std::string read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("test PKI: cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}
} // namespace

std::string TestPki::card_pem(const std::string& name) const {
    return read(dir + "/cards/" + name + ".crt");
}

http::ClientCertificate TestPki::card(const std::string& name, bool verified, std::string error) const {
    auto cert = http::certificate_from_pem(card_pem(name), verified, std::move(error));
    if (!cert) throw std::runtime_error("test PKI: " + name + " does not parse");
    return *cert;
}

namespace {
// Removes the directory when the test process ends.
struct OwnedPki {
    TestPki pki;
    ~OwnedPki() {
        std::error_code ec;
        std::filesystem::remove_all(pki.dir, ec);
    }
};
} // namespace

const TestPki& test_pki() {
    static const OwnedPki owned{[] {
        auto dir = std::filesystem::temp_directory_path() / ("esculape-test-pki-" + std::to_string(::getpid()));
        std::string command =
            std::string("'") + ESC_SOURCE_DIR + "/certs/make-test-pki' '" + dir.string() + "' --force";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("test PKI: " + command + " failed");
        TestPki p;
        p.dir = dir.string();
        p.client_ca_file = p.dir + "/client-ca.pem";
        p.crl_file = p.dir + "/crl/ac-fort-personnes.crl.pem";
        p.root_crl_file = p.dir + "/crl/root.crl.pem";
        p.stale_crl_file = p.dir + "/crl/stale-ac-fort-personnes.crl.pem";
        return p;
    }()};
    return owned.pki;
}

} // namespace esc::test
