#pragma once
#include <string>

#include "web/pages.hpp"

// The mails Esculape sends, in French, each from two templates (web/templates/mail/<name>.txt and
// .html, checked at start-up like the pages). The text part is rendered without HTML escaping;
// the HTML part escapes every value.
namespace esc::web {

struct RenderedMail {
    std::string subject;
    std::string text;
    std::string html;
};

struct PasswordResetMail {
    std::string greeting_name; // "Dr Claire Moreau", or the login when no name is known
    std::string login;
    std::string link;
    std::string requested_at; // paris_date_time(…)
    int minutes = 30;
};

RenderedMail render_mail(const Pages& pages, const PasswordResetMail& mail);

struct RegistrationVerifyMail {
    std::string greeting_name;
    std::string link;
    std::string requested_at;
    int hours = 48;
};
RenderedMail render_mail(const Pages& pages, const RegistrationVerifyMail& mail);

// The login of a new account (never with a password: that comes as a link, separately).
struct AccountLoginMail {
    std::string greeting_name;
    std::string login;
    std::string portal_url;
};
RenderedMail render_mail(const Pages& pages, const AccountLoginMail& mail);

struct AccountPasswordMail {
    std::string greeting_name;
    std::string link;
    int days = 7;
};
RenderedMail render_mail(const Pages& pages, const AccountPasswordMail& mail);

struct EmailChangeMail {
    std::string greeting_name;
    std::string login;
    std::string link;
    int hours = 48;
};
RenderedMail render_mail(const Pages& pages, const EmailChangeMail& mail);

// To the former address, once the new one is proven.
struct EmailChangedMail {
    std::string greeting_name;
    std::string login;
    std::string new_email;
    std::string changed_at;
};
RenderedMail render_mail(const Pages& pages, const EmailChangedMail& mail);

// An activation code of the phone authenticator, sent to the MSSanté address of the directory.
struct DeviceActivationMail {
    std::string greeting_name;
    std::string code;
    std::string enroll_url;
    int minutes = 10;
};
RenderedMail render_mail(const Pages& pages, const DeviceActivationMail& mail);

// A workstation certificate was approved: the withdrawal link in one mail, its code in another, so
// that a single intercepted mail is not enough.
struct WithdrawalLinkMail {
    std::string greeting_name;
    std::string workstation;
    std::string withdraw_url;
    std::string expires; // French date
};
RenderedMail render_mail(const Pages& pages, const WithdrawalLinkMail& mail);
struct WithdrawalCodeMail {
    std::string greeting_name;
    std::string workstation;
    std::string code;
};
RenderedMail render_mail(const Pages& pages, const WithdrawalCodeMail& mail);

// To each referent in charge: a professional asks for a service.
struct AccessRequestMail {
    std::string referent_name;
    std::string service;
    std::string professional; // "Dr Claire MOREAU"
    std::string profession;   // "Médecin"
    std::string email;
    std::string places;     // "44000 Nantes, 44100 Nantes"
    std::string record_url; // the console's page of the request
    bool uncovered = false; // no territory covers these places: sent to the default referents
};
RenderedMail render_mail(const Pages& pages, const AccessRequestMail& mail);

// To the professional: a referent decided.
struct AccessDecisionMail {
    std::string greeting_name;
    std::string service;
    std::string service_url; // "" when the service has no portal link
    bool accepted = false;
    bool revoked = false; // an access that was open is closed
    std::string reason;
};
RenderedMail render_mail(const Pages& pages, const AccessDecisionMail& mail);

} // namespace esc::web
