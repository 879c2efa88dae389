#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// One service a console user may pick on the list page.
struct ConsoleServiceChoice {
    std::string id;
    std::string name;
    bool selected = false;
};

// The access requests of one service that this person may see, newest first, a page at a time.
// GET fields: service, state (to_process | accepted | refused | all), before (cursor).
struct ConsoleAccessListView {
    struct Row {
        std::string record_url;
        std::string professional;
        std::string profession;
        std::string places;
        std::string requested; // French date
        std::string state;     // French label
        bool uncovered = false;
    };
    std::string user;
    std::string role; // « administrateur », « référent », « support »
    std::vector<ConsoleServiceChoice> services;
    std::string state; // the filter
    std::vector<Row> rows;
    std::string next_url;     // "" on the last page
    std::string audit_url;    // "" unless an administrator
    std::string services_url; // idem
    std::string grant_url;    // idem
    std::string error;
};
std::string render_view(const Pages& pages, const ConsoleAccessListView& view);

// One request: the professional, the state, the history and the decisions this person may take.
// Posted fields: csrf, account, service, expected (the state shown), decision (accept | refuse |
// resend), reason (≤ 500 characters).
struct ConsoleAccessRecordView {
    struct Event {
        std::string at;
        std::string change; // « Demande », « Acceptée », « Refusée », « Retirée »…
        std::string by;
        std::string reason;
    };
    std::string user;
    std::string role; // « référent », « support », « administrateur de la plateforme »
    bool own = false; // the person's own request: they see it, others decide
    std::string list_url;
    std::string action;
    std::string csrf;
    std::string account_id;
    std::string service_id;
    std::string service;
    std::string professional;
    std::string national_id;
    std::string profession;
    std::string email;
    std::string places;
    std::string state;       // to_process | accepted | refused
    std::string state_label; // French
    bool uncovered = false;
    std::vector<Event> history;
    bool may_decide = false;
    bool may_resend = false;             // helpdesk and administrators, while to process
    bool may_resend_credentials = false; // helpdesk and administrators, not for themselves
    bool needs_reauth = false;           // the login is too old for a decision: reconnect first
    std::string reauth_action;
    int reauth_minutes = 30;
    std::string reason; // what was typed (kept on an error)
    std::string message;
    std::string error;
};
std::string render_view(const Pages& pages, const ConsoleAccessRecordView& view);

} // namespace esc::web
