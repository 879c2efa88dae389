#include "web/mails.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {

const PageTemplate kResetText{"mail/password_reset.txt"};
const PageTemplate kResetHtml{"mail/password_reset.html"};

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

} // namespace esc::web
