#include <cstdlib>

#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "domain/mail.hpp"

namespace esc::config::detail {
namespace {

// "smtp://127.0.0.1:2525" → "127.0.0.1"; "" when the URL has no host.
std::string host_of(const std::string& url) {
    auto start = url.find("://");
    if (start == std::string::npos) return "";
    start += 3;
    if (start < url.size() && url[start] == '[') {
        auto end = url.find(']', start);
        return end == std::string::npos ? "" : url.substr(start + 1, end - start - 1);
    }
    auto end = url.find_first_of(":/", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The address inside "Name <address>", or the text itself.
std::string address_of(const std::string& from) {
    auto lt = from.find('<');
    auto gt = from.rfind('>');
    if (lt == std::string::npos) return from;
    if (gt == std::string::npos || gt < lt || gt + 1 != from.size()) return "";
    return from.substr(lt + 1, gt - lt - 1);
}

void read_password(TableReader& r, MailConfig& mail, const std::string& base_dir) {
    std::string file, env;
    const bool has_file = r.read("password_file", file);
    const bool has_env = r.read("password_env", env);
    if (has_file && has_env) {
        r.diag().error(r.path_of("password_env"), "give only one of mail.password_file or mail.password_env");
    } else if (has_env) {
        const char* value = std::getenv(env.c_str());
        if (env.empty() || !value || !*value)
            r.diag().error(r.path_of("password_env"), "environment variable " + env + " is not set or empty");
        else
            mail.password = value;
    } else if (has_file) {
        auto text = read_file(resolve_path(base_dir, file));
        if (!text) {
            r.diag().error(r.path_of("password_file"), "cannot read " + resolve_path(base_dir, file));
        } else {
            while (!text->empty() && (text->back() == '\n' || text->back() == '\r'))
                text->pop_back();
            mail.password = *text;
        }
    }
    if (!mail.password.empty() && mail.username.empty())
        r.diag().error(r.path_of("username"), "a password is given: set the SMTP user name too");
}

} // namespace

void read_mail(TableReader& top, Config& config, const std::string& base_dir) {
    MailConfig& mail = config.mail;
    const toml::table* table = top.table("mail");
    if (table) {
        TableReader r(*table, "mail", top.diag());
        r.read("smtp_url", mail.smtp_url);
        r.read("security", mail.security);
        r.read("from", mail.from);
        r.read("username", mail.username);
        if (r.read("ca_file", mail.ca_file)) mail.ca_file = resolve_path(base_dir, mail.ca_file);
        r.read("timeout", mail.timeout_seconds, 1, 300);
        r.read("max_attempts", mail.max_attempts, 1, 100);
        r.read("public_url", mail.public_url);
        read_password(r, mail, base_dir);
        r.finish();
    }
    auto& diag = top.diag();
    if (!domain::is_mail_address(address_of(mail.from)))
        diag.error("mail.from",
                   "must be an address, optionally with a name: \"Esculape <ne-pas-repondre@example.fr>\"");
    if (mail.security != "starttls" && mail.security != "tls" && mail.security != "none")
        diag.error("mail.security", "must be \"starttls\" (smtp:// upgraded to TLS), \"tls\" (smtps://) or \"none\"");
    if (!mail.public_url.empty() && mail.public_url.rfind("https://", 0) != 0 &&
        !(config.dev_mode && mail.public_url.rfind("http://", 0) == 0))
        diag.error("mail.public_url", "must be an https:// URL (the links in mails lead there)");
    while (!mail.public_url.empty() && mail.public_url.back() == '/')
        mail.public_url.pop_back();
    if (mail.smtp_url.empty()) {
        diag.warn("mail.smtp_url is not set: mails (password links, registrations) are queued but never sent");
        return;
    }
    const bool smtps = mail.smtp_url.rfind("smtps://", 0) == 0;
    if (!smtps && mail.smtp_url.rfind("smtp://", 0) != 0) {
        diag.error("mail.smtp_url", "must start with smtp:// or smtps://");
        return;
    }
    if (host_of(mail.smtp_url).empty()) diag.error("mail.smtp_url", "has no host name");
    if (smtps && mail.security != "tls")
        diag.error("mail.security", "an smtps:// server speaks TLS from the start: set security = \"tls\"");
    if (!smtps && mail.security == "tls")
        diag.error("mail.security", "security = \"tls\" needs an smtps:// URL; use \"starttls\" for smtp://");
    // Password links and logins must not cross a network in clear.
    if (mail.security == "none" && !is_loopback(host_of(mail.smtp_url)) && !config.dev_mode)
        diag.error("mail.security", "\"none\" sends mails in clear: allowed only to a loopback server or in dev_mode");
    if (mail.security == "none" && !mail.password.empty())
        diag.error("mail.security", "the SMTP password would be sent in clear: use \"starttls\" or \"tls\"");
}

void read_communities(TableReader& top, Config& config) {
    const toml::table* table = top.table("communities");
    if (!table) return;
    for (auto&& [key, node] : *table) {
        const std::string id(key.str());
        const std::string path = "communities." + id;
        const toml::table* t = node.as_table();
        if (!t) {
            top.diag().error(path, "expected a table [communities." + id + "] with name and description");
            continue;
        }
        TableReader r(*t, path, top.diag());
        Community c{id, "", ""};
        r.read("name", c.name);
        r.read("description", c.description);
        r.finish();
        if (c.name.empty()) top.diag().error(path + ".name", "required: the community's name shown at registration");
        if (id.size() > 64 || id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
            top.diag().error(path, "the id must be lower-case letters, digits, - or _ (at most 64)");
        config.communities.push_back(std::move(c));
    }
}

} // namespace esc::config::detail
