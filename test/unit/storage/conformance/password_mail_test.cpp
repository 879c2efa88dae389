#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;
using esc::storage::PasswordChange;

namespace {

template <class Store> std::int64_t add_account(Store& store, const std::string& login, const std::string& email = "") {
    domain::Account a;
    a.login = login;
    a.email = email;
    a.password_hash = "hash-0";
    a.created_at = 1000;
    a.password_changed_at = 1000;
    return store->accounts().upsert(a);
}

domain::OutboundMail mail_to(const std::string& recipient, domain::UnixTime at = 1000) {
    domain::OutboundMail m;
    m.recipient = recipient;
    m.subject = "Réinitialisation";
    m.text = "texte";
    m.html = "<p>html</p>";
    m.created_at = at;
    m.next_attempt_at = at;
    return m;
}

domain::AccountLink link_for(std::int64_t account, const std::string& hash, domain::UnixTime at = 1000) {
    domain::AccountLink l;
    l.token_hash = hash;
    l.purpose = domain::LinkPurpose::reset_password;
    l.account_id = account;
    l.email = "a@example.test";
    l.created_at = at;
    l.expires_at = at + 1800;
    return l;
}

} // namespace

STORE_CASE("the password lifecycle fields round-trip through upsert") {
    TestType store;
    domain::Account a;
    a.login = "temp";
    a.password_hash = "h";
    a.created_at = 500;
    a.password_changed_at = 700;
    a.must_change_password = true;
    store->accounts().upsert(a);
    auto found = store->accounts().find_by_login("temp");
    REQUIRE(found);
    CHECK(found->password_changed_at == 700);
    CHECK(found->must_change_password);
}

STORE_CASE("accounts are found by e-mail without case, oldest first") {
    TestType store;
    const auto first = add_account(store, "a", "Claire@Example.test");
    const auto second = add_account(store, "b", "claire@example.test");
    add_account(store, "c", "other@example.test");
    auto found = store->accounts().find_by_email("CLAIRE@example.TEST");
    REQUIRE(found.size() == 2);
    CHECK(found[0].id == first);
    CHECK(found[1].id == second);
    CHECK(store->accounts().find_by_email("").empty());
    CHECK(store->accounts().find_by_email("nobody@example.test").empty());
}

STORE_CASE("a password change keeps the last N hashes, newest first") {
    TestType store;
    const auto id = add_account(store, "a");
    for (int i = 1; i <= 4; ++i) {
        PasswordChange change;
        change.account_id = id;
        change.new_hash = "hash-" + std::to_string(i);
        change.changed_at = 2000 + i;
        change.history = 2;
        REQUIRE(store->accounts().change_password(change));
    }
    auto account = store->accounts().find_by_id(id);
    CHECK(account->password_hash == "hash-4");
    CHECK(account->password_changed_at == 2004);
    CHECK_FALSE(account->must_change_password);
    CHECK(store->accounts().previous_password_hashes(id) == std::vector<std::string>{"hash-3", "hash-2"});

    PasswordChange temporary;
    temporary.account_id = id;
    temporary.new_hash = "temp";
    temporary.changed_at = 3000;
    temporary.must_change = true;
    REQUIRE(store->accounts().change_password(temporary));
    CHECK(store->accounts().find_by_id(id)->must_change_password);

    PasswordChange unknown = temporary;
    unknown.account_id = id + 100;
    CHECK_FALSE(store->accounts().change_password(unknown));
}

STORE_CASE("a link issued with its mail is spent once, by the change it authorises") {
    TestType store;
    const auto id = add_account(store, "a");
    const auto other = add_account(store, "b");
    const auto mail_id = store->links().issue(link_for(id, "link-1"), mail_to("a@example.test"));
    CHECK(mail_id > 0);
    auto queued = store->outbox().recent(10, std::nullopt);
    REQUIRE(queued.size() == 1);
    CHECK(queued[0].id == mail_id);
    CHECK(queued[0].state == domain::MailState::pending);

    auto usable = store->links().find_usable("link-1", 1000);
    REQUIRE(usable);
    CHECK(usable->account_id == id);
    CHECK(usable->purpose == domain::LinkPurpose::reset_password);
    CHECK(usable->expires_at == 2800);
    CHECK(store->links().find_usable("link-1", 2800)); // through its last second
    CHECK_FALSE(store->links().find_usable("link-1", 2801));
    CHECK_FALSE(store->links().find_usable("nope", 1000));

    PasswordChange change;
    change.account_id = other; // another account's link authorises nothing
    change.new_hash = "stolen";
    change.changed_at = 1100;
    change.link_hash = "link-1";
    CHECK_FALSE(store->accounts().change_password(change));
    CHECK(store->accounts().find_by_id(other)->password_hash == "hash-0");

    change.account_id = id;
    change.link_purpose = domain::LinkPurpose::set_password; // wrong purpose
    CHECK_FALSE(store->accounts().change_password(change));
    change.link_purpose = domain::LinkPurpose::reset_password;
    change.new_hash = "new";
    CHECK(store->accounts().change_password(change));
    CHECK(store->accounts().find_by_id(id)->password_hash == "new");
    CHECK_FALSE(store->links().find_usable("link-1", 1100));
    change.new_hash = "again";
    CHECK_FALSE(store->accounts().change_password(change)); // spent
    CHECK(store->accounts().find_by_id(id)->password_hash == "new");
}

STORE_CASE("an expired link changes nothing; consume spends a link once") {
    TestType store;
    const auto id = add_account(store, "a");
    store->links().issue(link_for(id, "old"), mail_to("a@example.test"));
    PasswordChange change;
    change.account_id = id;
    change.new_hash = "late";
    change.changed_at = 2801;
    change.link_hash = "old";
    CHECK_FALSE(store->accounts().change_password(change));
    CHECK(store->accounts().find_by_id(id)->password_hash == "hash-0");

    auto verify = link_for(id, "verify");
    verify.purpose = domain::LinkPurpose::verify_email;
    store->links().issue(verify, mail_to("a@example.test"));
    CHECK_FALSE(store->links().consume("verify", domain::LinkPurpose::reset_password, 1100));
    auto spent = store->links().consume("verify", domain::LinkPurpose::verify_email, 1100);
    REQUIRE(spent);
    CHECK(spent->email == "a@example.test");
    CHECK_FALSE(store->links().consume("verify", domain::LinkPurpose::verify_email, 1101));
}

STORE_CASE("a link for an unknown account is refused and queues nothing") {
    TestType store;
    CHECK_THROWS_AS(store->links().issue(link_for(42, "x"), mail_to("a@example.test")), esc::storage::StorageError);
    CHECK(store->outbox().recent(10, std::nullopt).empty());
}

STORE_CASE("the outbox: claim leases due mails oldest first, and records each outcome") {
    TestType store;
    const auto a = store->outbox().enqueue(mail_to("a@example.test", 1000));
    const auto b = store->outbox().enqueue(mail_to("b@example.test", 1001));
    auto later = mail_to("c@example.test", 1002);
    later.next_attempt_at = 5000;
    const auto c = store->outbox().enqueue(later);

    auto claimed = store->outbox().claim_due(1010, 1310, 10);
    REQUIRE(claimed.size() == 2);
    CHECK(claimed[0].id == a);
    CHECK(claimed[1].id == b);
    CHECK(claimed[0].attempts == 1);
    CHECK(claimed[0].next_attempt_at == 1310);
    CHECK(claimed[0].subject == "Réinitialisation");
    CHECK(claimed[0].html == "<p>html</p>");
    CHECK(store->outbox().claim_due(1010, 1310, 10).empty()); // leased: another sender gets nothing

    store->outbox().mark_sent(a, 1020);
    store->outbox().mark_retry(b, 1100, "SMTP 451: try later");
    auto again = store->outbox().claim_due(1100, 1400, 10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].id == b);
    CHECK(again[0].attempts == 2);
    CHECK(again[0].last_error == "SMTP 451: try later");
    store->outbox().mark_failed(b, "SMTP 550: no such mailbox");

    auto sent = store->outbox().recent(10, domain::MailState::sent);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].sent_at == 1020);
    auto failed = store->outbox().recent(10, domain::MailState::failed);
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].last_error == "SMTP 550: no such mailbox");
    auto all = store->outbox().recent(10, std::nullopt);
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == c); // newest first
    CHECK(store->outbox().recent(1, std::nullopt).size() == 1);

    auto limited = store->outbox().claim_due(6000, 6300, 1);
    REQUIRE(limited.size() == 1);
    CHECK(limited[0].id == c);
}

STORE_CASE("the janitor purges expired links and old sent mails, keeps failed ones") {
    TestType store;
    const auto id = add_account(store, "a");
    store->links().issue(link_for(id, "l"), mail_to("a@example.test"));
    const auto failed = store->outbox().enqueue(mail_to("f@example.test"));
    auto claimed = store->outbox().claim_due(1000, 1300, 10);
    REQUIRE(claimed.size() == 2);
    store->outbox().mark_sent(claimed[0].id, 1000);
    store->outbox().mark_failed(failed, "550");
    store->purge_expired(2000);
    CHECK(store->outbox().recent(10, std::nullopt).size() == 2);
    store->purge_expired(1000 + esc::storage::kSentMailRetention);
    auto left = store->outbox().recent(10, std::nullopt);
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == failed);
    CHECK_FALSE(store->links().find_usable("l", 1000)); // purged once expired
}

STORE_CASE("sessions are listed per account, oldest first") {
    TestType store;
    for (int i = 0; i < 3; ++i) {
        domain::Session s;
        s.id_hash = "h" + std::to_string(i);
        s.sid = "sid" + std::to_string(i);
        s.account_id = i == 1 ? 9 : 7;
        s.created_at = 100 - i;
        s.last_seen = s.created_at;
        s.expires_at = 10'000;
        store->sessions().create(s);
    }
    auto mine = store->sessions().for_account(7);
    REQUIRE(mine.size() == 2);
    CHECK(mine[0].id_hash == "h2");
    CHECK(mine[1].id_hash == "h0");
    CHECK(store->sessions().for_account(8).empty());
}

STORE_CASE("a code records its client in the session; logout deliveries follow the outbox's life") {
    TestType store;
    domain::AuthCode code;
    code.code_hash = "c1";
    code.client_id = "dcc";
    code.sid = "sid-1";
    code.expires_at = 2000;
    store->codes().save(code, true);
    code.code_hash = "c2";
    code.client_id = "opendrp";
    store->codes().save(code, true);
    code.code_hash = "c3"; // the same client again: one entry
    store->codes().save(code, true);
    code.code_hash = "c4"; // a client without back-channel logout is not tracked
    code.client_id = "spa";
    store->codes().save(code);
    CHECK(store->sessions().clients_of("sid-1") == std::vector<std::string>{"dcc", "opendrp"});
    CHECK(store->sessions().clients_of("other").empty());

    domain::LogoutDelivery d;
    d.client_id = "dcc";
    d.uri = "https://dcc.test/backchannel";
    d.logout_token = "jwt";
    d.created_at = d.next_attempt_at = 1000;
    store->logout_deliveries().enqueue({d, d});
    auto claimed = store->logout_deliveries().claim_due(1000, 1060, 10);
    REQUIRE(claimed.size() == 2);
    CHECK(claimed[0].attempts == 1);
    CHECK(claimed[0].uri == "https://dcc.test/backchannel");
    CHECK(store->logout_deliveries().claim_due(1000, 1060, 10).empty());
    store->logout_deliveries().mark_sent(claimed[0].id);
    store->logout_deliveries().mark_retry(claimed[1].id, 1005, "HTTP 503");
    auto again = store->logout_deliveries().claim_due(1005, 1065, 10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].attempts == 2);
    CHECK(again[0].last_error == "HTTP 503");
    store->logout_deliveries().mark_failed(again[0].id, "HTTP 400");
    auto recent = store->logout_deliveries().recent(10);
    REQUIRE(recent.size() == 2);
    CHECK(recent[0].state == domain::MailState::failed);
    CHECK(recent[1].state == domain::MailState::sent);
    // The janitor forgets a session's clients once the session is gone.
    store->purge_expired(1000);
    CHECK(store->sessions().clients_of("sid-1").empty());
}
