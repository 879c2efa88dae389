#include "admin/console_audit.hpp"

#include <algorithm>
#include <variant>

#include "admin/console_guard.hpp"
#include "domain/csv_export.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/respond.hpp"
#include "http/form.hpp"
#include "web/french_time.hpp"
#include "web/views/console_audit.hpp"

namespace esc::admin {

namespace {

constexpr int kPageRows = 200;
constexpr int kCsvRows = 10000;

// Action names are dotted lower-case words; anything else cannot match and is said so.
bool valid_action_prefix(const std::string& s) {
    return s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
           });
}

std::vector<domain::AuditEntry> entries(const Deps& deps, const std::string& action, const std::string& actor,
                                        int limit) {
    // An actor filter reads further back so that the page still shows up to `limit` of theirs.
    auto all = deps.store.audit().recent(actor.empty() ? limit : kCsvRows, action);
    if (!actor.empty()) std::erase_if(all, [&](const domain::AuditEntry& e) { return e.actor != actor; });
    if (all.size() > static_cast<std::size_t>(limit)) all.resize(static_cast<std::size_t>(limit));
    return all;
}

} // namespace

http::Response handle_console_audit(http::Request& request, const Deps& deps) {
    auto checked = console_access(request, deps, false);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const auto& access = std::get<ConsoleAccess>(checked);
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    web::ConsoleAuditView v;
    v.administrator = access.session.account.login;
    v.action_filter = http::trimmed_field(params.get("action"), 256);
    v.actor_filter = http::trimmed_field(params.get("actor"), 256);
    v.limit = kPageRows;
    v.csv_url = http::append_query(deps.endpoints.console_audit,
                                   {{"action", v.action_filter}, {"actor", v.actor_filter}, {"format", "csv"}});
    if (!valid_action_prefix(v.action_filter) || v.actor_filter.size() > 100) {
        v.filter_error = "Une action s’écrit en minuscules, chiffres, « _ » et « . » (64 caractères au plus) ; un "
                         "acteur est un identifiant de 100 caractères au plus.";
        return endpoints::page(400, deps.pages.render(v));
    }
    if (params.get("format") == "csv") {
        std::string body =
            domain::csv_line({"id", "date", "acteur", "action", "objet", "avant", "apres", "adresse", "session"});
        for (const auto& e : entries(deps, v.action_filter, v.actor_filter, kCsvRows))
            body += domain::csv_line({std::to_string(e.id), web::paris_date_time(e.at), e.actor, e.action, e.target,
                                      e.before, e.after, e.address, e.session});
        http::Response r;
        r.body = std::move(body);
        r.set("Content-Type", "text/csv; charset=utf-8");
        r.set("Content-Disposition", "attachment; filename=\"esculape-audit.csv\"");
        r.set("Cache-Control", "no-store");
        r.set("X-Content-Type-Options", "nosniff");
        return r;
    }
    for (const auto& e : entries(deps, v.action_filter, v.actor_filter, kPageRows))
        v.rows.push_back({web::paris_date_time(e.at), e.actor, e.action, e.target, e.before, e.after, e.address});
    return endpoints::page(200, deps.pages.render(v));
}

} // namespace esc::admin
