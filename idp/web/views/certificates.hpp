#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// One workstation certificate as a list shows it (« Mon compte » and the console).
struct CertificateRow {
    std::string id;
    std::string workstation;
    std::string holder;      // console: login, or « Poste partagé — <site> »
    std::string state;       // French label
    std::string requested;   // French date
    std::string valid_until; // French date, "" before issue
    std::string reason;      // a refusal's reason
    bool revocable = false;
};

// « Mon compte » › certificats de poste: the professional's certificates, one per computer, and the
// request form.
struct CertificatesView {
    std::vector<CertificateRow> certificates;
    std::string action;
    std::string csrf;
    std::string workstation_value; // typed (kept on error)
    std::string workstation_error;
    std::string message;
    std::string error;
};
std::string render_view(const Pages& pages, const CertificatesView& view);

// The console's queue of workstation certificates: requests to decide, certificates in force, and
// the form for a collective certificate.
struct ConsoleCertificatesView {
    std::vector<CertificateRow> requested;
    std::vector<CertificateRow> active; // approved or issued
    std::string action;
    std::string csrf;
    std::string workstation_value, site_value, mail_value;
    std::string workstation_error, site_error, mail_error;
    std::string message;
    std::string error;
    std::string administrator; // who is signed in
    std::string audit_url;     // the console's audit log
};
std::string render_view(const Pages& pages, const ConsoleCertificatesView& view);

// The withdrawal page: the code from the second mail and the PKCS#12 password, on the workstation.
struct WithdrawalView {
    std::string action;
    std::string token; // from the link
    std::string workstation;
    std::string expires;
    std::string code_error;
    std::string password_error;
    std::string error; // the link itself is unusable: no form
    int min_password = 10;
};
std::string render_view(const Pages& pages, const WithdrawalView& view);

} // namespace esc::web
