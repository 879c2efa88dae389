// The phone authenticator's storage on every backend: an activation code spent once, devices per
// account, requests decided once, the CIBA poll bookkeeping.
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

domain::MobileRequest request(const std::string& id, std::int64_t account, domain::UnixTime created) {
    domain::MobileRequest r;
    r.id = id;
    r.account_id = account;
    r.client_id = "rp";
    r.service = "Service";
    r.binding_code = "1234";
    r.challenge = "challenge-" + id;
    r.created_at = created;
    r.expires_at = created + 120;
    return r;
}
} // namespace

STORE_CASE("an activation code enrols one device, once, before it expires") {
    TestType store;
    auto account = test_account(store, "medecin");
    auto& devices = store->devices();
    devices.add_activation("code-hash", account, 1000, 1600);
    domain::AuthDevice d;
    d.id = "dev-1";
    d.name = "Téléphone";
    d.public_jwk = R"({"kty":"EC"})";
    CHECK_FALSE(devices.enroll("other-hash", d, 1100));
    auto enrolled = devices.enroll("code-hash", d, 1100);
    REQUIRE(enrolled);
    CHECK(enrolled->account_id == account);
    CHECK(enrolled->created_at == 1100);
    d.id = "dev-2";
    CHECK_FALSE(devices.enroll("code-hash", d, 1200)); // spent
    devices.add_activation("late-hash", account, 1000, 1600);
    CHECK_FALSE(devices.enroll("late-hash", d, 1601)); // expired
    CHECK_FALSE(devices.find_device("dev-2"));

    auto found = devices.find_device("dev-1");
    REQUIRE(found);
    CHECK(found->name == "Téléphone");
    CHECK(found->public_jwk == R"({"kty":"EC"})");
    devices.touch_device("dev-1", 1300);
    CHECK(devices.find_device("dev-1")->last_used_at == 1300);
    CHECK(devices.devices_of(account).size() == 1);
    CHECK_FALSE(devices.revoke_device("dev-1", account + 1, 1400)); // not theirs
    CHECK(devices.revoke_device("dev-1", account, 1400));
    CHECK_FALSE(devices.revoke_device("dev-1", account, 1500));
    CHECK(devices.devices_of(account).empty());
    CHECK(devices.find_device("dev-1")->revoked_at == 1400);
}

STORE_CASE("a mobile request is decided once, while it lives") {
    TestType store;
    auto account = test_account(store, "medecin");
    auto other = test_account(store, "pharmacien");
    auto& devices = store->devices();
    devices.create_request(request("r2", account, 1010));
    devices.create_request(request("r1", account, 1000));
    devices.create_request(request("r3", other, 1000));
    auto ciba = request("r4", account, 1020);
    ciba.kind = domain::MobileKind::ciba;
    ciba.auth_req_id_hash = "auth-hash";
    ciba.scope = "openid";
    devices.create_request(ciba);

    auto pending = devices.pending_for(account, 1050);
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].id == "r1"); // oldest first
    CHECK(pending[1].id == "r2");
    CHECK(devices.pending_for(account, 1135).size() == 1); // r1 and r2 expired at 1120 and 1130

    CHECK(devices.decide("r1", domain::MobileState::approved, "dev-1", 1060));
    CHECK_FALSE(devices.decide("r1", domain::MobileState::denied, "dev-1", 1061));   // once
    CHECK_FALSE(devices.decide("r2", domain::MobileState::approved, "dev-1", 1131)); // expired
    auto decided = devices.find_request("r1");
    REQUIRE(decided);
    CHECK(decided->state == domain::MobileState::approved);
    CHECK(decided->device_id == "dev-1");
    CHECK(decided->decided_at == 1060);
    CHECK(decided->challenge == "challenge-r1");

    auto by_hash = devices.find_ciba("auth-hash");
    REQUIRE(by_hash);
    CHECK(by_hash->id == "r4");
    CHECK(by_hash->kind == domain::MobileKind::ciba);
    CHECK(by_hash->scope == "openid");
    CHECK_FALSE(devices.find_ciba(""));
    CHECK(devices.record_poll("r4", 1030, 5) == 0);
    CHECK(devices.record_poll("r4", 1032, 10) == 1030);
    CHECK(devices.find_request("r4")->interval == 10);
}
