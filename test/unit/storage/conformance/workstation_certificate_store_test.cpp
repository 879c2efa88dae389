// Workstation certificates and the audit log on every backend: each move is a compare-and-set
// that writes its audit entry (and an approval its mails) with it; the issuing CA is kept once.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "../backends.hpp"

namespace domain = esc::domain;
using domain::CertificateState;

namespace {
domain::WorkstationCertificate request(const std::string& id, std::int64_t account, domain::UnixTime at) {
    domain::WorkstationCertificate c;
    c.id = id;
    c.account_id = account;
    c.workstation = "PC-" + id;
    c.mail_to = "holder@example.test";
    c.requested_by = "medecin";
    c.requested_at = at;
    return c;
}

domain::AuditEntry entry(const std::string& action, domain::UnixTime at) {
    domain::AuditEntry e;
    e.at = at;
    e.actor = "admin";
    e.action = action;
    e.target = "workstation_certificate:x";
    e.after = R"({"state":"x"})";
    e.address = "192.0.2.1";
    e.session = "sid";
    return e;
}

domain::OutboundMail mail(const std::string& subject) {
    domain::OutboundMail m;
    m.recipient = "holder@example.test";
    m.subject = subject;
    m.text = subject;
    m.created_at = 1000;
    m.next_attempt_at = 1000;
    return m;
}
} // namespace

STORE_CASE("a workstation certificate goes requested → approved → issued → revoked, each move once") {
    TestType store;
    auto& certs = store->workstation_certificates();
    certs.create(request("a", 7, 1000), entry("workstation_certificate.request", 1000));
    certs.create(request("b", 7, 1001), entry("workstation_certificate.request", 1001));
    CHECK(certs.in_state(CertificateState::requested, 10).size() == 2);
    CHECK(certs.in_state(CertificateState::requested, 1)[0].id == "a"); // oldest first

    CHECK(certs.approve("a", "admin", 1100, "token-hash", "code-hash", 1700, {mail("lien"), mail("code")},
                        entry("workstation_certificate.approve", 1100)));
    CHECK_FALSE(certs.approve("a", "admin", 1101, "t2", "c2", 1700, {mail("again")}, entry("x", 1101)));
    CHECK(store->outbox().recent(10, std::nullopt).size() == 2); // the failed approval queued nothing
    auto found = certs.find_by_withdrawal("token-hash");
    REQUIRE(found);
    CHECK(found->id == "a");
    CHECK(found->withdrawal_code_hash == "code-hash");
    CHECK(found->decided_by == "admin");

    CHECK_FALSE(certs.issue("a", 1701, "AB12", 5000, entry("x", 1701))); // the withdrawal expired
    CHECK(certs.issue("a", 1200, "AB12", 5000, entry("workstation_certificate.issue", 1200)));
    CHECK_FALSE(certs.issue("a", 1201, "CD34", 5000, entry("x", 1201))); // one certificate per approval
    auto issued = certs.find_by_serial("AB12");
    REQUIRE(issued);
    CHECK(issued->state == CertificateState::issued);
    CHECK(issued->not_after == 5000);
    CHECK(domain::in_force(*issued, 4999));
    CHECK_FALSE(domain::in_force(*issued, 5000));

    CHECK(certs.refuse("b", "admin", "Poste inconnu", 1300, entry("workstation_certificate.refuse", 1300)));
    CHECK_FALSE(certs.refuse("b", "admin", "again", 1301, entry("x", 1301)));
    CHECK_FALSE(certs.revoke("b", 1302, entry("x", 1302))); // a refused request has nothing to revoke

    CHECK(certs.revoke("a", 1400, entry("workstation_certificate.revoke", 1400)));
    CHECK_FALSE(certs.revoke("a", 1401, entry("x", 1401)));
    store.reopen();
    auto& again = store->workstation_certificates();
    CHECK(again.revoked_serials() == std::vector<std::pair<std::string, domain::UnixTime>>{{"AB12", 1400}});
    auto mine = again.of_account(7);
    REQUIRE(mine.size() == 2);
    CHECK(mine[0].id == "b"); // newest request first
    CHECK(mine[0].reason == "Poste inconnu");
    CHECK(mine[1].state == CertificateState::revoked);

    auto log = store->audit().recent(100, "workstation_certificate.");
    REQUIRE(log.size() == 6); // 2 requests, approve, issue, refuse, revoke: no entry for a refused move
    CHECK(log[0].action == "workstation_certificate.revoke");
    CHECK(log[5].action == "workstation_certificate.request");
    CHECK(log[0].address == "192.0.2.1");
    CHECK(log[0].session == "sid");
    CHECK(log[0].id > log[1].id);
}

STORE_CASE("collective certificates belong to no account; the issuing CA is kept once") {
    TestType store;
    auto& certs = store->workstation_certificates();
    auto shared = request("c", 0, 1000);
    shared.kind = domain::CertificateKind::collective;
    shared.site = "Accueil";
    certs.create(shared, entry("workstation_certificate.request", 1000));
    CHECK(certs.of_account(0).empty());
    auto found = certs.find("c");
    REQUIRE(found);
    CHECK(found->kind == domain::CertificateKind::collective);
    CHECK(found->site == "Accueil");

    CHECK_FALSE(certs.issuing_ca());
    auto kept = certs.keep_issuing_ca({"CERT-1", "KEY-1", 1000});
    CHECK(kept.certificate_pem == "CERT-1");
    auto second = certs.keep_issuing_ca({"CERT-2", "KEY-2", 2000}); // another node, later: the first stays
    CHECK(second.certificate_pem == "CERT-1");
    store.reopen();
    REQUIRE(store->workstation_certificates().issuing_ca());
    CHECK(store->workstation_certificates().issuing_ca()->wrapped_key == "KEY-1");
}

STORE_CASE("the audit log filters by action and keeps its order") {
    TestType store;
    store->audit().append(entry("access.request", 1));
    store->audit().append(entry("workstation_certificate.approve", 2));
    store->audit().append(entry("access.decide", 3));
    auto access = store->audit().recent(10, "access.");
    REQUIRE(access.size() == 2);
    CHECK(access[0].at == 3);
    CHECK(store->audit().recent(1, "").size() == 1);
    CHECK(store->audit().recent(10, "").size() == 3);
}

TEST_CASE("the SQLite audit log refuses to be changed or emptied", "[unit][storage]") {
    esc::storage::test::SqliteBackend store;
    store->audit().append(entry("access.request", 1));
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(store.path().c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    CHECK(sqlite3_exec(db, "UPDATE audit_log SET actor = 'someone else'", nullptr, nullptr, &error) != SQLITE_OK);
    CHECK(std::string(error ? error : "").find("append-only") != std::string::npos);
    sqlite3_free(error);
    error = nullptr;
    CHECK(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, &error) != SQLITE_OK);
    sqlite3_free(error);
    sqlite3_close(db);
    store.reopen();
    auto kept = store->audit().recent(10, "");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].actor == "admin");
}
