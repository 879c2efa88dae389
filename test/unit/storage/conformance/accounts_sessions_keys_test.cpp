#include <catch2/catch.hpp>

#include "../backends.hpp"

using esc::storage::StoredKey;
namespace domain = esc::domain;

STORE_CASE("accounts round-trip and upsert by login") {
    TestType store;
    domain::Account account;
    account.login = "dr.moreau";
    account.national_id = "899700000112";
    account.email = "claire@example.test";
    account.email_verified = true;
    account.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    account.status = domain::AccountStatus::locked;
    account.created_at = 1'700'000'000;
    const auto id = store->accounts().upsert(account);
    CHECK(id > 0);

    auto found = store->accounts().find_by_login("dr.moreau");
    REQUIRE(found);
    CHECK(found->id == id);
    CHECK(found->national_id == "899700000112");
    CHECK(found->email == "claire@example.test");
    CHECK(found->email_verified);
    CHECK(found->password_hash == account.password_hash);
    CHECK(found->status == domain::AccountStatus::locked);
    CHECK(found->created_at == 1'700'000'000);
    CHECK(store->accounts().find_by_id(id)->login == "dr.moreau");
    CHECK(store->accounts().find_by_national_id("899700000112")->id == id);
    CHECK_FALSE(store->accounts().find_by_national_id(""));
    CHECK_FALSE(store->accounts().find_by_login("nobody"));
    CHECK_FALSE(store->accounts().find_by_id(id + 100));

    account.email = "new@example.test";
    account.status = domain::AccountStatus::disabled;
    account.created_at = 1'800'000'000;
    CHECK(store->accounts().upsert(account) == id);
    found = store->accounts().find_by_login("dr.moreau");
    CHECK(found->email == "new@example.test");
    CHECK(found->status == domain::AccountStatus::disabled);
    CHECK(found->created_at == 1'700'000'000); // creation time is kept

    domain::Account other = account;
    other.login = "second";
    other.national_id = "";
    CHECK(store->accounts().upsert(other) != id);
    other.login = "third";
    other.national_id = "899700000112"; // one account per professional
    CHECK_THROWS_AS(store->accounts().upsert(other), esc::storage::StorageError);
}

STORE_CASE("sessions round-trip, touch and remove") {
    TestType store;
    domain::Session session;
    session.id_hash = "hash-1";
    session.sid = "sid-1";
    session.account_id = 7;
    session.auth = {1000, "eidas1", {"pwd", "otp"}, "PASSWORD", {"password"}};
    session.created_at = 1000;
    session.last_seen = 1000;
    session.expires_at = 1000 + 4 * 3600;
    store->sessions().create(session);

    auto found = store->sessions().find("hash-1");
    REQUIRE(found);
    CHECK(found->sid == "sid-1");
    CHECK(found->account_id == 7);
    CHECK(found->auth.auth_time == 1000);
    CHECK(found->auth.acr == "eidas1");
    CHECK(found->auth.amr == std::vector<std::string>{"pwd", "otp"});
    CHECK(found->auth.auth_mode == "PASSWORD");
    CHECK(found->auth.methods == std::vector<std::string>{"password"});
    CHECK(found->expires_at == 1000 + 4 * 3600);
    CHECK(store->sessions().find_by_sid("sid-1")->id_hash == "hash-1");

    store->sessions().touch("hash-1", 1500);
    CHECK(store->sessions().find("hash-1")->last_seen == 1500);
    store->sessions().touch("hash-1", 1200); // out-of-order request: never moves back
    CHECK(store->sessions().find("hash-1")->last_seen == 1500);

    CHECK_THROWS_AS(store->sessions().create(session), esc::storage::StorageError);
    store->sessions().remove("hash-1");
    CHECK_FALSE(store->sessions().find("hash-1"));
    CHECK_FALSE(store->sessions().find_by_sid("sid-1"));

    store->sessions().create(session);
    // Step-up: the same session, its authentication raised; the rest unchanged.
    domain::AuthContext card{1300, "eidas3", {"pwd", "hwk", "sc", "pin", "mfa"}, "CARD", {"password", "card"}};
    CHECK(store->sessions().raise_assurance("hash-1", "hash-2", card));
    CHECK_FALSE(store->sessions().find("hash-1")); // the former cookie no longer names it
    auto raised = store->sessions().find_by_sid("sid-1");
    REQUIRE(raised);
    CHECK(raised->id_hash == "hash-2");
    CHECK(raised->auth.acr == "eidas3");
    CHECK(raised->auth.auth_time == 1300);
    CHECK(raised->auth.auth_mode == "CARD");
    CHECK(raised->auth.amr == card.amr);
    CHECK(raised->auth.methods == card.methods);
    CHECK(raised->created_at == 1000);
    CHECK_FALSE(store->sessions().raise_assurance("no-such-hash", "hash-3", card));
}

STORE_CASE("signing keys come oldest first and retire_others keeps one") {
    TestType store;
    auto key = [](std::string kid, std::string alg, domain::UnixTime created) {
        return StoredKey{kid, alg, "-----BEGIN PRIVATE KEY-----" + kid, "{\"kid\":\"" + kid + "\"}", created, 0, 0};
    };
    store->keys().add(key("rsa-new", "RS256", 300));
    store->keys().add(key("rsa-old", "RS256", 100));
    store->keys().add(key("ec-1", "ES256", 200));
    store->keys().add(key("rsa-same-second", "RS256", 300));

    auto all = store->keys().all();
    REQUIRE(all.size() == 4);
    CHECK(all[0].kid == "rsa-old");
    CHECK(all[1].kid == "ec-1");
    CHECK(all[2].kid == "rsa-new");
    CHECK(all[3].kid == "rsa-same-second"); // same second: insertion order
    CHECK(all[0].private_pem == "-----BEGIN PRIVATE KEY-----rsa-old");
    CHECK(all[0].public_jwk_json == "{\"kid\":\"rsa-old\"}");
    CHECK_THROWS_AS(store->keys().add(key("ec-1", "ES256", 400)), esc::storage::StorageError);

    store->keys().retire_others("RS256", "rsa-same-second", 500, 900);
    store->keys().retire_others("RS256", "rsa-same-second", 600, 1000); // already retired: unchanged
    for (const auto& k : store->keys().all()) {
        INFO(k.kid);
        if (k.kid == "rsa-old" || k.kid == "rsa-new") {
            CHECK(k.retired_at == 500);
            CHECK(k.publish_until == 900);
        } else {
            CHECK(k.retired_at == 0);
            CHECK(k.publish_until == 0);
        }
    }
}

STORE_CASE("replay store remembers a value once") {
    TestType store;
    CHECK(store->replay().remember_once("client-a:jti-1", 2000));
    CHECK_FALSE(store->replay().remember_once("client-a:jti-1", 2000));
    CHECK(store->replay().remember_once("client-b:jti-1", 2000));
    CHECK(store->purge_expired(2000) == 2);
    CHECK(store->replay().remember_once("client-a:jti-1", 3000)); // forgotten once expired and purged
}
