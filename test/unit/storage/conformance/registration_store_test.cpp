#include <catch2/catch.hpp>

#include "../backends.hpp"

namespace domain = esc::domain;
using esc::storage::CreateOutcome;
using esc::storage::NewAccount;
using esc::storage::StoredInteraction;

namespace {

NewAccount new_account(const std::string& login, const std::string& national_id, const std::string& link) {
    NewAccount n;
    n.account.login = login;
    n.account.national_id = national_id;
    n.account.email = login + "@example.test";
    n.account.email_verified = true;
    n.account.created_at = 1000;
    n.profile.civility = "MME";
    n.profile.family_name = "Moreau";
    n.profile.given_name = "Claire";
    n.profile.profession = "10";
    n.profile.postal_code = "25000";
    n.profile.visibility = "hidden";
    n.profile.review_note = "nom saisi : Morot";
    n.profile.created_at = 1000;
    n.login_mail.recipient = n.account.email;
    n.login_mail.subject = "Votre identifiant";
    n.login_mail.text = login;
    n.login_mail.created_at = n.login_mail.next_attempt_at = 1000;
    n.password_link.token_hash = link;
    n.password_link.purpose = domain::LinkPurpose::set_password;
    n.password_link.email = n.account.email;
    n.password_link.created_at = 1000;
    n.password_link.expires_at = 5000;
    n.password_mail = n.login_mail;
    n.password_mail.subject = "Choisir votre mot de passe";
    return n;
}

} // namespace

STORE_CASE("a registered account is created with its profile, link and two mails, or not at all") {
    TestType store;
    auto created = store->accounts().create(new_account("claire.moreau", "899700000112", "link-1"));
    REQUIRE(created.outcome == CreateOutcome::created);
    auto account = store->accounts().find_by_id(created.account_id);
    REQUIRE(account);
    CHECK(account->login == "claire.moreau");
    CHECK(account->password_hash.empty());
    CHECK(account->status == domain::AccountStatus::active);
    auto profile = store->accounts().profile(created.account_id);
    REQUIRE(profile);
    CHECK(profile->family_name == "Moreau");
    CHECK(profile->visibility == "hidden");
    CHECK(profile->review_note == "nom saisi : Morot");
    CHECK(profile->created_at == 1000);
    auto link = store->links().find_usable("link-1", 1000);
    REQUIRE(link);
    CHECK(link->account_id == created.account_id);
    CHECK(link->purpose == domain::LinkPurpose::set_password);
    auto mails = store->outbox().recent(10, std::nullopt);
    REQUIRE(mails.size() == 2);
    CHECK(mails[1].subject == "Votre identifiant"); // oldest last: the login first
    CHECK(mails[0].subject == "Choisir votre mot de passe");

    CHECK(store->accounts().create(new_account("claire.moreau", "", "link-2")).outcome == CreateOutcome::login_taken);
    CHECK(store->accounts().create(new_account("c.moreau", "899700000112", "link-3")).outcome ==
          CreateOutcome::national_id_taken);
    CHECK(store->outbox().recent(10, std::nullopt).size() == 2); // nothing of the refused ones
    CHECK_FALSE(store->links().find_usable("link-2", 1000));
    CHECK_FALSE(store->accounts().find_by_login("c.moreau"));
    CHECK_FALSE(store->accounts().profile(created.account_id + 10));
}

STORE_CASE("an interaction's payload is updated only in the expected state, while alive") {
    TestType store;
    StoredInteraction i;
    i.id = "reg-1";
    i.payload = "{}";
    i.state = domain::InteractionState::registering;
    i.created_at = 1000;
    i.expires_at = 2000;
    store->interactions().create(i);
    CHECK(store->interactions().update("reg-1", domain::InteractionState::registering, "{\"step\":2}", 9000, 1500));
    auto found = store->interactions().find("reg-1", 1500);
    REQUIRE(found);
    CHECK(found->payload == "{\"step\":2}");
    CHECK(found->expires_at == 9000);
    CHECK(found->state == domain::InteractionState::registering);
    CHECK_FALSE(store->interactions().update("reg-1", domain::InteractionState::awaiting_login, "x", 9000, 1500));
    CHECK_FALSE(store->interactions().update("reg-1", domain::InteractionState::registering, "x", 9000, 9001));
    CHECK_FALSE(store->interactions().update("nope", domain::InteractionState::registering, "x", 9000, 1500));
    CHECK(store->interactions().find("reg-1", 1500)->payload == "{\"step\":2}");
}

STORE_CASE("« Mon compte »: profile replaced, e-mail changed by its link, login history bounded") {
    TestType store;
    auto created = store->accounts().create(new_account("claire.moreau", "", "link-1"));
    const auto id = created.account_id;
    auto profile = *store->accounts().profile(id);
    profile.phone = "0381000000";
    store->accounts().put_profile(id, profile);
    CHECK(store->accounts().profile(id)->phone == "0381000000");
    CHECK_THROWS_AS(store->accounts().put_profile(id + 100, profile), esc::storage::StorageError);

    domain::AccountLink link;
    link.token_hash = "verify-1";
    link.purpose = domain::LinkPurpose::verify_email;
    link.account_id = id;
    link.email = "nouvelle@example.test";
    link.created_at = 1000;
    link.expires_at = 5000;
    domain::OutboundMail mail;
    mail.recipient = link.email;
    store->links().issue(link, mail);
    domain::OutboundMail notice;
    notice.recipient = "claire.moreau@example.test";
    notice.subject = "Adresse modifiée";
    const auto queued = store->outbox().recent(100, std::nullopt).size();
    CHECK_FALSE(store->accounts().change_email(id + 1, "verify-1", 1100, notice)); // another account's link
    CHECK_FALSE(store->accounts().change_email(id, "link-1", 1100, notice));       // a password link
    CHECK(store->outbox().recent(100, std::nullopt).size() == queued);             // nothing queued then
    CHECK(store->accounts().change_email(id, "verify-1", 1100, notice));
    CHECK(store->outbox().recent(1, std::nullopt).at(0).subject == "Adresse modifiée");
    CHECK(store->accounts().find_by_id(id)->email == "nouvelle@example.test");
    CHECK_FALSE(store->accounts().change_email(id, "verify-1", 1101, std::nullopt)); // spent

    for (int i = 0; i < esc::storage::AccountStore::kKeptLogins + 5; ++i)
        store->accounts().record_login(id, {1000 + i, "PASSWORD", "192.0.2." + std::to_string(i % 200)});
    auto logins = store->accounts().recent_logins(id, 100);
    CHECK(logins.size() == esc::storage::AccountStore::kKeptLogins);
    CHECK(logins[0].at == 1000 + esc::storage::AccountStore::kKeptLogins + 4); // newest first
    CHECK(logins[0].method == "PASSWORD");
    CHECK(store->accounts().recent_logins(id, 3).size() == 3);
    CHECK(store->accounts().recent_logins(id + 100, 3).empty());
}

STORE_CASE("a former login kept as an alias logs in until retired, and stays reserved") {
    TestType store;
    auto created = store->accounts().create(new_account("claire.moreau", "", "link-1"));
    const auto id = created.account_id;
    CHECK(store->accounts().add_alias("cmoreau", id, 1000));
    CHECK_FALSE(store->accounts().add_alias("cmoreau", id, 1000));       // already an alias
    CHECK_FALSE(store->accounts().add_alias("claire.moreau", id, 1000)); // a login
    CHECK(store->accounts().find_by_alias("cmoreau")->id == id);
    CHECK(store->accounts().login_taken("cmoreau"));
    CHECK(store->accounts().login_taken("claire.moreau"));
    CHECK_FALSE(store->accounts().login_taken("personne"));
    CHECK(store->accounts().create(new_account("cmoreau", "", "link-2")).outcome == CreateOutcome::login_taken);
    CHECK(store->accounts().retire_alias("cmoreau", 2000));
    CHECK_FALSE(store->accounts().retire_alias("cmoreau", 2001));
    CHECK_FALSE(store->accounts().find_by_alias("cmoreau"));
    CHECK(store->accounts().login_taken("cmoreau")); // reserved
    CHECK_THROWS_AS(store->accounts().add_alias("x", id + 100, 1000), esc::storage::StorageError);
}
