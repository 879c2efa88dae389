// CRLs of the card CAs: loading (signature, format), lookup by issuer, staleness, and a refresh that
// never forgets a revocation because a file could not be read.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/revocation.hpp"
#include "support/test_pki.hpp"

using namespace esc::crypto;
using esc::test::test_pki;

namespace {
std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}
} // namespace

TEST_CASE("a CRL loads only when a configured CA signed it", "[unit][crl]") {
    const auto& pki = test_pki();
    const auto ca = read(pki.client_ca_file);
    auto crl = load_crl(pki.crl_file, ca);
    CHECK(crl.revoked_serials.size() == 1);
    CHECK(crl.next_update > crl.this_update);
    CHECK(crl.issuer_text.find("FORT PERSONNES") != std::string::npos);

    CHECK_THROWS_WITH(load_crl(pki.crl_file, read(pki.dir + "/other-ca.crt")),
                      Catch::Contains("not signed by a configured CA"));
    CHECK_THROWS_WITH(load_crl(pki.client_ca_file, ca), Catch::Contains("not a CRL"));
    CHECK_THROWS_WITH(load_crl(pki.dir + "/no-such.crl", ca), Catch::Contains("cannot be read"));
}

TEST_CASE("a certificate is checked against its issuer's CRL", "[unit][crl]") {
    const auto& pki = test_pki();
    const auto ca = read(pki.client_ca_file);
    CrlSet set({load_crl(pki.crl_file, ca), load_crl(pki.root_crl_file, ca)});
    const auto now = set.by_issuer().begin()->second.this_update + 60;
    CHECK(set.check(pki.card_pem("899700000112"), now, true) == RevocationStatus::good);
    CHECK(set.check(pki.card_pem("revoked"), now, true) == RevocationStatus::revoked);
    CHECK(set.check(pki.card_pem("unknown-ca"), now, true) == RevocationStatus::no_crl);
    CHECK(set.check(pki.card_pem("unknown-ca"), now, false) == RevocationStatus::good);
    CHECK(set.check("not a certificate", now, true) == RevocationStatus::unreadable);
    const auto next = load_crl(pki.crl_file, ca).next_update;
    CHECK(set.check(pki.card_pem("899700000112"), next + 1, true) == RevocationStatus::stale_crl);
    CHECK(set.stale(next + 1).size() == 2); // both CRLs of the test PKI share their nextUpdate
    CHECK(set.stale(now).empty());

    CrlSet stale({load_crl(pki.stale_crl_file, ca)});
    CHECK(stale.check(pki.card_pem("899700000112"), std::time(nullptr), true) == RevocationStatus::stale_crl);
}

TEST_CASE("a refresh that cannot read a file keeps the CRL it had", "[unit][crl]") {
    const auto& pki = test_pki();
    const auto ca = read(pki.client_ca_file);
    auto copy = std::filesystem::temp_directory_path() / "esculape-crl-refresh.pem";
    std::filesystem::copy_file(pki.crl_file, copy, std::filesystem::copy_options::overwrite_existing);
    auto first = refresh_crls({copy.string()}, ca, CrlSet{});
    REQUIRE(first.errors.empty());
    const auto now = first.set->by_issuer().begin()->second.this_update + 60;
    CHECK(first.set->check(pki.card_pem("revoked"), now, true) == RevocationStatus::revoked);

    std::ofstream(copy) << "truncated";
    auto second = refresh_crls({copy.string()}, ca, *first.set);
    REQUIRE(second.errors.size() == 1);
    CHECK(second.errors[0].find("not a CRL") != std::string::npos);
    CHECK(second.set->check(pki.card_pem("revoked"), now, true) == RevocationStatus::revoked);
    std::filesystem::remove(copy);
}
