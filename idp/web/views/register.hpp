#pragma once
#include <map>
#include <string>
#include <vector>

#include "web/pages.hpp"

// The registration wizard's pages (portal/registration.cpp): the card, the details, the services,
// the review, and the e-mail confirmation. Every page keeps what was typed; errors are shown next
// to their field (field name → French message).
namespace esc::web {

using FieldErrors = std::map<std::string, std::string>;

struct RegisterCardView {
    std::string action;
    std::string csrf;
    std::string login_url;
    std::string card_subject; // "" = no certificate presented
    std::string card_national_id;
    bool card_known = false; // found in the national directory
    std::string error;
};

// Field names posted: csrf, civility, family_name, given_name, profession, national_id,
// establishment, street, postal_code, town, phone, email, email_confirmation, reason, visibility.
struct RegisterDetailsView {
    std::string action;
    std::string csrf;
    std::string back_url;
    std::map<std::string, std::string> values; // by field name
    FieldErrors errors;
    std::string form_error;   // above the form (an expired form)
    std::string directory_id; // names and profession prefilled from the directory
};

struct ServiceChoice {
    std::string id;
    std::string name;
    std::string description;
    bool checked = false;
};

// Field names posted: csrf, services (repeated).
struct RegisterProfileView {
    std::string action;
    std::string csrf;
    std::string back_url;
    std::vector<ServiceChoice> services;
    std::vector<ServiceChoice> communities;
    std::string error;
};

struct SummaryLine {
    std::string label;
    std::string value;
};

// Field names posted: csrf, terms, challenge, website (honeypot).
struct RegisterReviewView {
    std::string action;
    std::string csrf;
    std::string back_url;
    std::string details_url;
    std::string profile_url;
    std::vector<SummaryLine> summary;
    std::vector<std::string> services;    // names
    std::vector<std::string> communities; // names
    bool hidden_warning = false;
    bool terms_checked = false; // kept when the form comes back with an error
    int challenge_a = 0;
    int challenge_b = 0;
    FieldErrors errors; // terms, challenge
};

struct RegisterVerifyView {
    std::string action;
    std::string registration;
    std::string token;
    std::string email;
};

std::string render_view(const Pages& pages, const RegisterCardView& view);
std::string render_view(const Pages& pages, const RegisterDetailsView& view);
std::string render_view(const Pages& pages, const RegisterProfileView& view);
std::string render_view(const Pages& pages, const RegisterReviewView& view);
std::string render_view(const Pages& pages, const RegisterVerifyView& view);

} // namespace esc::web
