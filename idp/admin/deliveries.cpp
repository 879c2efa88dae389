#include "admin/deliveries.hpp"

#include <nlohmann/json.hpp>

#include "endpoints/deps.hpp"
#include "http/form.hpp"

namespace esc::admin {

http::Response handle_deliveries(http::Request& request, const Deps& deps) {
    auto params = http::parse_form(request.query).value_or(http::FormParams{});
    std::optional<domain::MailState> state;
    if (params.has("state")) {
        state = domain::mail_state_from_name(params.get("state"));
        if (!state)
            return http::Response::json(
                400, R"({"error":"invalid_request","error_description":"state is pending, sent or failed"})");
    }
    int limit = 100;
    if (params.has("limit")) {
        const auto text = params.get("limit");
        if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(text) < 1 || std::stoi(text) > 1000)
            return http::Response::json(
                400, R"({"error":"invalid_request","error_description":"limit is a number from 1 to 1000"})");
        limit = std::stoi(text);
    }
    nlohmann::json mails = nlohmann::json::array();
    for (const auto& m : deps.store.outbox().recent(limit, state))
        mails.push_back({{"id", m.id},
                         {"recipient", m.recipient},
                         {"subject", m.subject},
                         {"state", domain::name_of(m.state)},
                         {"attempts", m.attempts},
                         {"last_error", m.last_error},
                         {"created_at", m.created_at},
                         {"next_attempt_at", m.next_attempt_at},
                         {"sent_at", m.sent_at}});
    nlohmann::json logouts = nlohmann::json::array();
    for (const auto& d : deps.store.logout_deliveries().recent(limit)) {
        if (state && d.state != *state) continue;
        logouts.push_back({{"id", d.id},
                           {"client_id", d.client_id},
                           {"uri", d.uri},
                           {"state", domain::name_of(d.state)},
                           {"attempts", d.attempts},
                           {"last_error", d.last_error},
                           {"created_at", d.created_at}});
    }
    auto r = http::Response::json(200, nlohmann::json{{"mails", mails}, {"backchannel_logouts", logouts}}.dump());
    r.set("Cache-Control", "no-store");
    return r;
}

} // namespace esc::admin
