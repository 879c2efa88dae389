// The access workflow on every backend: requests, referents' decisions as compare-and-sets that
// write their history, audit entry and mails with them; the console's scoped, paginated list; the
// referents declared in files and in the console.
#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;
using domain::AccessState;
using esc::storage::AccessQuery;
using esc::storage::RequestOutcome;

namespace {
template <class Store> std::int64_t account(Store& store, const std::string& login) {
    domain::Account a;
    a.login = login;
    a.email = login + "@example.test";
    a.status = domain::AccountStatus::active;
    return store->accounts().upsert(a);
}

domain::AccessRequest asked(std::int64_t account_id, const std::string& client, domain::UnixTime at,
                            std::vector<std::string> postal_codes, bool uncovered = false) {
    domain::AccessRequest r;
    r.account_id = account_id;
    r.client_id = client;
    r.requested_at = at;
    r.postal_codes = std::move(postal_codes);
    r.uncovered = uncovered;
    return r;
}

domain::AuditEntry entry(const std::string& actor, const std::string& action, domain::UnixTime at) {
    domain::AuditEntry e;
    e.at = at;
    e.actor = actor;
    e.action = action;
    e.target = "access:x";
    return e;
}

domain::OutboundMail mail(const std::string& to) {
    domain::OutboundMail m;
    m.recipient = to;
    m.subject = "Demande d’accès";
    m.text = "x";
    m.created_at = m.next_attempt_at = 1000;
    return m;
}

domain::Referent referent(const std::string& login, const std::string& client, std::vector<std::string> prefixes,
                          bool is_default = false) {
    domain::Referent r;
    r.login = login;
    r.client_id = client;
    r.territory.departments = prefixes;
    r.territory.postal_prefixes = std::move(prefixes);
    r.is_default = is_default;
    return r;
}

std::vector<std::int64_t> ids(const std::vector<domain::AccessRequest>& rows) {
    std::vector<std::int64_t> out;
    for (const auto& r : rows)
        out.push_back(r.account_id);
    return out;
}
} // namespace

STORE_CASE("an access goes to process, then accepted, revoked, reconsidered; each change once, with its history") {
    TestType store;
    auto& access = store->access();
    const auto claire = account(store, "claire");
    CHECK_FALSE(access.find(claire, "dcc"));
    CHECK(access.request(asked(claire, "dcc", 1000, {"44000", "44100"}), {mail("ref@example.test")},
                         entry("claire", "access.request", 1000)) == RequestOutcome::created);
    CHECK(access.request(asked(claire, "dcc", 1001, {"44000"}), {mail("ref@example.test")},
                         entry("claire", "access.request", 1001)) == RequestOutcome::already_pending);
    auto found = access.find(claire, "dcc");
    REQUIRE(found);
    CHECK(found->state == AccessState::to_process);
    CHECK(found->requested_at == 1000);
    CHECK(found->postal_codes == std::vector<std::string>{"44000", "44100"});
    CHECK(store->outbox().recent(10, std::nullopt).size() == 1); // the refused repeat wrote nothing

    // Compare-and-set: the second referent to click loses, nothing written.
    CHECK(access.decide(claire, "dcc", AccessState::to_process, AccessState::accepted, "coordo", "", 2000, {},
                        entry("coordo", "access.accept", 2000)));
    CHECK_FALSE(access.decide(claire, "dcc", AccessState::to_process, AccessState::refused, "other", "non", 2001, {},
                              entry("other", "access.refuse", 2001)));
    CHECK(access.request(asked(claire, "dcc", 2002, {"44000"}), {}, entry("claire", "access.request", 2002)) ==
          RequestOutcome::already_accepted);
    // Not a transition: accepted → to process.
    CHECK_FALSE(access.decide(claire, "dcc", AccessState::accepted, AccessState::to_process, "coordo", "", 2003, {},
                              entry("coordo", "x", 2003)));
    CHECK(access.decide(claire, "dcc", AccessState::accepted, AccessState::refused, "coordo", "a quitté le 3C", 3000,
                        {mail("claire@example.test")}, entry("coordo", "access.revoke", 3000)));
    found = access.find(claire, "dcc");
    CHECK(found->state == AccessState::refused);
    CHECK(found->decided_by == "coordo");
    CHECK(found->decided_at == 3000);
    CHECK(found->reason == "a quitté le 3C");
    // Refused: the professional may ask again, the places are those of the new request.
    CHECK(access.request(asked(claire, "dcc", 4000, {"35000"}), {}, entry("claire", "access.request", 4000)) ==
          RequestOutcome::renewed);
    found = access.find(claire, "dcc");
    CHECK(found->state == AccessState::to_process);
    CHECK(found->reason.empty());
    CHECK(found->postal_codes == std::vector<std::string>{"35000"});

    store.reopen();
    auto history = store->access().history(claire, "dcc");
    REQUIRE(history.size() == 4);
    CHECK_FALSE(history[0].from);
    CHECK(history[0].to == AccessState::to_process);
    CHECK(history[0].by == "claire");
    CHECK(history[1].to == AccessState::accepted);
    CHECK(history[2].from == AccessState::accepted);
    CHECK(history[2].to == AccessState::refused);
    CHECK(history[2].reason == "a quitté le 3C");
    CHECK(history[3].from == AccessState::refused);
    CHECK(history[3].at == 4000);
    auto audit = store->audit().recent(10, "access.");
    REQUIRE(audit.size() == 4);
    CHECK(audit[0].action == "access.request");
    CHECK(audit[1].action == "access.revoke");
    CHECK(store->outbox().recent(10, std::nullopt).size() == 2);
    CHECK(store->access().of_account(claire).size() == 1);
}

STORE_CASE("an administrator grants an access directly, whatever its state, once") {
    TestType store;
    auto& access = store->access();
    const auto claire = account(store, "claire");
    CHECK(access.grant(claire, "dcc", "admin", 1000, {mail("claire@example.test")},
                       entry("admin", "access.grant", 1000)));
    CHECK_FALSE(access.grant(claire, "dcc", "admin", 1001, {}, entry("admin", "access.grant", 1001)));
    auto found = access.find(claire, "dcc");
    REQUIRE(found);
    CHECK(found->state == AccessState::accepted);
    CHECK(found->decided_by == "admin");
    REQUIRE(access.request(asked(claire, "opendrp", 1100, {"25000"}), {}, entry("claire", "access.request", 1100)) ==
            RequestOutcome::created);
    CHECK(access.grant(claire, "opendrp", "admin", 1200, {}, entry("admin", "access.grant", 1200)));
    CHECK(access.find(claire, "opendrp")->requested_at == 1100);
    auto history = access.history(claire, "opendrp");
    REQUIRE(history.size() == 2);
    CHECK(history[1].from == AccessState::to_process);
    CHECK(store->audit().recent(10, "access.grant").size() == 2);
    CHECK_THROWS_AS(access.request(asked(claire + 100, "dcc", 1, {}), {}, entry("x", "access.request", 1)),
                    esc::storage::StorageError);
}

STORE_CASE("the console's list shows a referent their territory's requests only, newest first, page by page") {
    TestType store;
    auto& access = store->access();
    std::vector<std::int64_t> nantes, rennes, elsewhere;
    for (int i = 0; i < 5; ++i) {
        nantes.push_back(account(store, "nantes" + std::to_string(i)));
        access.request(asked(nantes.back(), "dcc", 1000 + i, {"44000", "44" + std::to_string(100 + i)}), {},
                       entry("p", "access.request", 1000));
        rennes.push_back(account(store, "rennes" + std::to_string(i)));
        access.request(asked(rennes.back(), "dcc", 1000 + i, {"35000"}), {}, entry("p", "access.request", 1000));
    }
    elsewhere.push_back(account(store, "lille"));
    access.request(asked(elsewhere.back(), "dcc", 2000, {"59000"}, true), {}, entry("p", "access.request", 2000));
    access.request(asked(nantes[0], "opendrp", 3000, {"44000"}), {}, entry("p", "access.request", 3000));
    access.decide(nantes[1], "dcc", AccessState::to_process, AccessState::accepted, "c", "", 4000, {},
                  entry("c", "access.accept", 4000));

    AccessQuery q;
    q.client_id = "dcc";
    q.state = AccessState::to_process;
    q.postal_prefixes = {"44"};
    q.limit = 3;
    auto page = access.list(q);
    CHECK(ids(page) == std::vector<std::int64_t>{nantes[4], nantes[3], nantes[2]}); // one row per request
    q.before_at = page.back().requested_at;
    q.before_account = page.back().account_id;
    CHECK(ids(access.list(q)) == std::vector<std::int64_t>{nantes[0]}); // nantes[1] is accepted
    q.before_at = 0;
    q.state.reset();
    q.limit = 50;
    CHECK(access.list(q).size() == 5);
    // The uncovered request shows to a default referent only; an administrator sees everything.
    q.state = AccessState::to_process;
    q.postal_prefixes = {"35"};
    CHECK(access.list(q).size() == 5);
    q.uncovered = true;
    auto with_default = access.list(q);
    REQUIRE(with_default.size() == 6);
    CHECK(with_default[0].account_id == elsewhere[0]);
    CHECK(with_default[0].uncovered);
    q.postal_prefixes = {"441"};
    q.uncovered = false;
    CHECK(ids(access.list(q)) == std::vector<std::int64_t>{nantes[4], nantes[3], nantes[2], nantes[0]});
    AccessQuery all;
    all.client_id = "dcc";
    all.everywhere = true;
    CHECK(access.list(all).size() == 11);
    all.client_id = "opendrp";
    CHECK(access.list(all).size() == 1);
    AccessQuery none;
    none.client_id = "dcc";
    CHECK(access.list(none).empty()); // no territory, not default, not everywhere: nothing
}

STORE_CASE("file referents are replaced at each start; console ones stay, and only they can be removed") {
    TestType store;
    auto& access = store->access();
    access.replace_file_referents({referent("coordo-nantes", "dcc", {"44", "85"}), referent("admin", "dcc", {}, true)});
    CHECK(access.add_referent(referent("coordo-angers", "dcc", {"49"}), entry("admin", "referent.add", 1000)));
    CHECK_FALSE(access.add_referent(referent("coordo-angers", "dcc", {"53"}), entry("admin", "referent.add", 1001)));
    CHECK_FALSE(access.remove_referent("coordo-nantes", "dcc", entry("admin", "referent.remove", 1002)));
    auto list = access.referents("dcc");
    REQUIRE(list.size() == 3);
    CHECK(list[0].login == "admin");
    CHECK(list[0].is_default);
    CHECK(list[0].from_file);
    CHECK(list[1].login == "coordo-angers");
    CHECK_FALSE(list[1].from_file);
    CHECK(list[2].territory.postal_prefixes == std::vector<std::string>{"44", "85"});
    CHECK(list[2].territory.departments == std::vector<std::string>{"44", "85"});

    access.replace_file_referents(
        {referent("coordo-nantes", "dcc", {"44"}), referent("coordo-rennes", "opendrp", {"35"})});
    store.reopen();
    auto& again = store->access();
    CHECK(again.referents("dcc").size() == 2); // admin left the file; coordo-angers stays
    CHECK(again.referents("").size() == 3);
    CHECK(again.charges_of("coordo-nantes").at(0).territory.postal_prefixes == std::vector<std::string>{"44"});
    CHECK(again.charges_of("nobody").empty());
    CHECK(again.remove_referent("coordo-angers", "dcc", entry("admin", "referent.remove", 1003)));
    CHECK(again.referents("dcc").size() == 1);
    CHECK(store->audit().recent(10, "referent.").size() == 2);
}
