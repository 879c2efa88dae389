// OCRA tokens and passkeys on every backend: an import is all or nothing, revoked credentials are
// gone from logins, a passkey's counter moves by compare-and-set.
#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;

namespace {
template <class Store> std::int64_t test_account(Store& store, const std::string& login) {
    domain::Account a;
    a.login = login;
    a.created_at = 1000;
    return store->accounts().upsert(a);
}

domain::OcraToken token(const std::string& serial, std::int64_t account, domain::UnixTime created) {
    domain::OcraToken t;
    t.serial = serial;
    t.account_id = account;
    t.wrapped_key = "esc-kw1:kek:" + serial;
    t.created_at = created;
    return t;
}

domain::Passkey passkey(const std::string& id, std::int64_t account, domain::UnixTime created) {
    domain::Passkey p;
    p.credential_id = id;
    p.account_id = account;
    p.name = "Clé " + id;
    p.public_key = "spki-" + id;
    p.cose_alg = -7;
    p.sign_count = 5;
    p.created_at = created;
    return p;
}
} // namespace

STORE_CASE("an OCRA import is written whole or not at all") {
    TestType store;
    auto a = test_account(store, "medecin");
    auto b = test_account(store, "infirmier");
    auto& creds = store->credentials();
    CHECK(creds.add_ocra_tokens({token("S2", a, 1100), token("S1", a, 1000), token("S3", b, 1000)}).empty());
    auto of_a = creds.ocra_tokens_of(a);
    REQUIRE(of_a.size() == 2);
    CHECK(of_a[0].serial == "S1"); // oldest first
    CHECK(of_a[1].wrapped_key == "esc-kw1:kek:S2");

    // One serial already known, one repeated: nothing of the batch is written.
    auto taken =
        creds.add_ocra_tokens({token("S4", a, 1200), token("S1", b, 1200), token("S5", b, 1200), token("S5", b, 1200)});
    CHECK(taken == std::vector<std::string>{"S1", "S5"});
    store.reopen();
    CHECK(store->credentials().ocra_tokens_of(a).size() == 2);
    CHECK(store->credentials().ocra_tokens_of(b).size() == 1);
}

STORE_CASE("a revoked OCRA token no longer logs in; its use is recorded") {
    TestType store;
    auto a = test_account(store, "medecin");
    auto& creds = store->credentials();
    REQUIRE(creds.add_ocra_tokens({token("S1", a, 1000), token("S2", a, 1001)}).empty());
    creds.touch_ocra_token("S1", 1500);
    CHECK(creds.ocra_tokens_of(a)[0].last_used_at == 1500);
    CHECK(creds.revoke_ocra_token("S1", 1600));
    CHECK_FALSE(creds.revoke_ocra_token("S1", 1700));
    CHECK_FALSE(creds.revoke_ocra_token("unknown", 1700));
    store.reopen();
    auto left = store->credentials().ocra_tokens_of(a);
    REQUIRE(left.size() == 1);
    CHECK(left[0].serial == "S2");
}

STORE_CASE("a passkey id is registered once, to one account") {
    TestType store;
    auto a = test_account(store, "medecin");
    auto b = test_account(store, "infirmier");
    auto& creds = store->credentials();
    CHECK(creds.add_passkey(passkey("cred-2", a, 1100)));
    CHECK(creds.add_passkey(passkey("cred-1", a, 1000)));
    CHECK_FALSE(creds.add_passkey(passkey("cred-1", b, 1200))); // someone else's id: refused
    store.reopen();
    auto found = store->credentials().find_passkey("cred-1");
    REQUIRE(found);
    CHECK(found->account_id == a);
    CHECK(found->name == "Clé cred-1");
    CHECK(found->public_key == "spki-cred-1");
    CHECK(found->cose_alg == -7);
    CHECK(found->sign_count == 5);
    auto listed = store->credentials().passkeys_of(a);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].credential_id == "cred-1");
    CHECK(store->credentials().passkeys_of(b).empty());
}

STORE_CASE("a passkey counter moves by compare-and-set; revoked passkeys are gone") {
    TestType store;
    auto a = test_account(store, "medecin");
    auto b = test_account(store, "infirmier");
    auto& creds = store->credentials();
    REQUIRE(creds.add_passkey(passkey("cred", a, 1000)));
    CHECK(creds.use_passkey("cred", 5, 6, 1500));
    CHECK_FALSE(creds.use_passkey("cred", 5, 7, 1501)); // the same assertion a second time
    auto used = creds.find_passkey("cred");
    REQUIRE(used);
    CHECK(used->sign_count == 6);
    CHECK(used->last_used_at == 1500);
    CHECK_FALSE(creds.revoke_passkey("cred", b, 1600)); // not theirs
    CHECK(creds.revoke_passkey("cred", a, 1600));
    CHECK_FALSE(creds.revoke_passkey("cred", a, 1700));
    store.reopen();
    CHECK_FALSE(store->credentials().find_passkey("cred"));
    CHECK_FALSE(store->credentials().use_passkey("cred", 6, 7, 1800));
    CHECK(store->credentials().passkeys_of(a).empty());
}
