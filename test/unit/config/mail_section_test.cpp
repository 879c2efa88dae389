#include <catch2/catch.hpp>

#include "config_fixture.hpp"

using namespace esc::config::test;

TEST_CASE("[mail] is read and validated", "[unit][config]") {
    TempDir dir;
    auto r = load(dir, kMinimal + "[mail]\nsmtp_url = \"smtp://mail.example:587\"\n"
                                  "from = \"Portail Santé <ne-pas-repondre@portail.example>\"\n"
                                  "username = \"esculape\"\npassword_file = \"smtp-password\"\n"
                                  "public_url = \"https://portail.example/\"\nmax_attempts = 5\n");
    CHECK(has_error(r, "mail.password_file", "cannot read"));
    dir.write("smtp-password", "s3cret\n");
    r = load(dir, kMinimal + "[mail]\nsmtp_url = \"smtp://mail.example:587\"\n"
                             "from = \"Portail Santé <ne-pas-repondre@portail.example>\"\n"
                             "username = \"esculape\"\npassword_file = \"smtp-password\"\n"
                             "public_url = \"https://portail.example/\"\nmax_attempts = 5\n");
    INFO(describe(r));
    REQUIRE(r.ok());
    CHECK(r.config.mail.smtp_url == "smtp://mail.example:587");
    CHECK(r.config.mail.security == "starttls");
    CHECK(r.config.mail.password == "s3cret");
    CHECK(r.config.mail.public_url == "https://portail.example");
    CHECK(r.config.mail.max_attempts == 5);
    CHECK_FALSE(has_warning(r, "mail.smtp_url"));
}

TEST_CASE("[mail] errors say what to fix", "[unit][config]") {
    TempDir dir;
    auto bad = [&](const std::string& body) { return load(dir, kMinimal + "[mail]\n" + body); };
    CHECK(has_error(bad("smtp_url = \"http://mail.example\"\n"), "mail.smtp_url", "smtp:// or smtps://"));
    CHECK(has_error(bad("smtp_url = \"smtps://mail.example\"\n"), "mail.security", "security = \"tls\""));
    CHECK(has_error(bad("smtp_url = \"smtp://mail.example\"\nsecurity = \"tls\"\n"), "mail.security", "smtps://"));
    CHECK(has_error(bad("smtp_url = \"smtp://mail.example\"\nsecurity = \"none\"\n"), "mail.security", "loopback"));
    CHECK(bad("smtp_url = \"smtp://127.0.0.1:2525\"\nsecurity = \"none\"\n").ok());
    CHECK(has_error(bad("smtp_url = \"smtp://mail.example\"\nsecurity = \"plain\"\n"), "mail.security", "starttls"));
    CHECK(has_error(bad("from = \"Esculape <nope>\"\n"), "mail.from", "address"));
    CHECK(has_error(bad("public_url = \"http://portail.example\"\n"), "mail.public_url", "https://"));
    CHECK(has_error(bad("smtp_url = \"smtp://mail.example\"\npassword_env = \"ESC_TEST_NO_SUCH_VAR\"\n"),
                    "mail.password_env", "not set"));
    CHECK(has_error(bad("smtpurl = \"smtp://mail.example\"\n"), "mail.smtpurl", ""));
    CHECK(has_warning(load(dir, kMinimal), "mail.smtp_url is not set"));
}

TEST_CASE("[communities] are read with their names; a bad id or a missing name is an error", "[unit][config]") {
    TempDir dir;
    auto r = load(dir, kMinimal + "[communities.rrc]\nname = \"Réseau régional\"\ndescription = \"Oncologie\"\n");
    INFO(describe(r));
    REQUIRE(r.ok());
    REQUIRE(r.config.communities.size() == 1);
    CHECK(r.config.communities[0].id == "rrc");
    CHECK(r.config.communities[0].name == "Réseau régional");
    CHECK(has_error(load(dir, kMinimal + "[communities.rrc]\ndescription = \"x\"\n"), "communities.rrc.name",
                    "required"));
    CHECK(has_error(load(dir, kMinimal + "[communities.\"Bad Id\"]\nname = \"x\"\n"), "communities.Bad Id",
                    "lower-case"));
    CHECK(has_error(load(dir, kMinimal + "[communities.rrc]\nname = \"x\"\nnom = \"y\"\n"), "communities.rrc.nom", ""));
}
