#include "web/mails.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {

const PageTemplate kResetText{"mail/password_reset.txt"};
const PageTemplate kResetHtml{"mail/password_reset.html"};
const PageTemplate kVerifyText{"mail/registration_verify.txt"};
const PageTemplate kVerifyHtml{"mail/registration_verify.html"};
const PageTemplate kLoginText{"mail/account_login.txt"};
const PageTemplate kActivationText{"mail/device_activation.txt"};
const PageTemplate kActivationHtml{"mail/device_activation.html"};
const PageTemplate kWithdrawalLinkText{"mail/withdrawal_link.txt"};
const PageTemplate kWithdrawalLinkHtml{"mail/withdrawal_link.html"};
const PageTemplate kWithdrawalCodeText{"mail/withdrawal_code.txt"};
const PageTemplate kWithdrawalCodeHtml{"mail/withdrawal_code.html"};
const PageTemplate kLoginHtml{"mail/account_login.html"};
const PageTemplate kPasswordText{"mail/account_password.txt"};
const PageTemplate kPasswordHtml{"mail/account_password.html"};
const PageTemplate kEmailText{"mail/email_change.txt"};
const PageTemplate kEmailHtml{"mail/email_change.html"};
const PageTemplate kChangedText{"mail/email_changed.txt"};
const PageTemplate kChangedHtml{"mail/email_changed.html"};
const PageTemplate kAccessRequestText{"mail/access_request.txt"};
const PageTemplate kAccessRequestHtml{"mail/access_request.html"};
const PageTemplate kAccessDecisionText{"mail/access_decision.txt"};
const PageTemplate kAccessDecisionHtml{"mail/access_decision.html"};

RenderedMail render_pair(const Pages& pages, std::string subject, const PageTemplate& text, const PageTemplate& html,
                         PageData& values) {
    RenderedMail m;
    m.subject = std::move(subject);
    m.text = pages.render_fragment(text, values, false);
    m.html = pages.render_fragment(html, values, true);
    return m;
}

} // namespace

RenderedMail render_mail(const Pages& pages, const PasswordResetMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("login", mail.login);
    d.set("link", mail.link);
    d.set("requested_at", mail.requested_at);
    d.set("minutes", std::to_string(mail.minutes));
    return render_pair(pages, "Réinitialisation de votre mot de passe Esculape", kResetText, kResetHtml, d);
}

RenderedMail render_mail(const Pages& pages, const RegistrationVerifyMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("link", mail.link);
    d.set("requested_at", mail.requested_at);
    d.set("hours", std::to_string(mail.hours));
    return render_pair(pages, "Confirmez votre adresse e-mail pour créer votre compte Esculape", kVerifyText,
                       kVerifyHtml, d);
}

RenderedMail render_mail(const Pages& pages, const DeviceActivationMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("code", mail.code);
    d.set("enroll_url", mail.enroll_url);
    d.set("minutes", std::to_string(mail.minutes));
    return render_pair(pages, "Votre code d’activation Esculape", kActivationText, kActivationHtml, d);
}

RenderedMail render_mail(const Pages& pages, const WithdrawalLinkMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("workstation", mail.workstation);
    d.set("withdraw_url", mail.withdraw_url);
    d.set("expires", mail.expires);
    return render_pair(pages, "Votre certificat de poste de travail est prêt", kWithdrawalLinkText, kWithdrawalLinkHtml,
                       d);
}

RenderedMail render_mail(const Pages& pages, const WithdrawalCodeMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("workstation", mail.workstation);
    d.set("code", mail.code);
    return render_pair(pages, "Code de retrait de votre certificat de poste", kWithdrawalCodeText, kWithdrawalCodeHtml,
                       d);
}

RenderedMail render_mail(const Pages& pages, const AccountLoginMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("login", mail.login);
    d.set("portal_url", mail.portal_url);
    return render_pair(pages, "Votre identifiant Esculape", kLoginText, kLoginHtml, d);
}

RenderedMail render_mail(const Pages& pages, const AccountPasswordMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("link", mail.link);
    d.set("days", std::to_string(mail.days));
    return render_pair(pages, "Choisissez votre mot de passe Esculape", kPasswordText, kPasswordHtml, d);
}

RenderedMail render_mail(const Pages& pages, const EmailChangeMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("login", mail.login);
    d.set("link", mail.link);
    d.set("hours", std::to_string(mail.hours));
    return render_pair(pages, "Confirmez votre nouvelle adresse e-mail Esculape", kEmailText, kEmailHtml, d);
}

RenderedMail render_mail(const Pages& pages, const EmailChangedMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("login", mail.login);
    d.set("new_email", mail.new_email);
    d.set("changed_at", mail.changed_at);
    return render_pair(pages, "L’adresse e-mail de votre compte Esculape a été modifiée", kChangedText, kChangedHtml,
                       d);
}

RenderedMail render_mail(const Pages& pages, const AccessRequestMail& mail) {
    PageData d;
    d.set("referent_name", mail.referent_name);
    d.set("service", mail.service);
    d.set("professional", mail.professional);
    d.set("profession", mail.profession);
    d.set("email", mail.email);
    d.set("places", mail.places);
    d.set("record_url", mail.record_url);
    d.set("uncovered", mail.uncovered);
    return render_pair(pages, "Demande d’accès à " + mail.service + " : " + mail.professional, kAccessRequestText,
                       kAccessRequestHtml, d);
}

RenderedMail render_mail(const Pages& pages, const AccessDecisionMail& mail) {
    PageData d;
    d.set("greeting_name", mail.greeting_name);
    d.set("service", mail.service);
    set_optional(d, "service_url", mail.service_url);
    d.set("accepted", mail.accepted);
    d.set("refused", !mail.accepted && !mail.revoked);
    d.set("revoked", mail.revoked);
    set_optional(d, "reason", mail.reason);
    const std::string subject = mail.accepted  ? "Votre accès à " + mail.service + " est ouvert"
                                : mail.revoked ? "Votre accès à " + mail.service + " a été retiré"
                                               : "Votre demande d’accès à " + mail.service + " n’a pas été acceptée";
    return render_pair(pages, subject, kAccessDecisionText, kAccessDecisionHtml, d);
}

} // namespace esc::web
