#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "web/views.hpp"

// Server-rendered pages: mustache templates (web/templates/*.mustache) inside one layout.
// Every value is HTML-escaped by the templates ({{x}}); the templates never use triple braces,
// and the page body is included as a partial, so no text reaches the page unescaped.
namespace esc::web {

class Pages {
public:
    // Reads and checks every template of kTemplateNames once. Throws std::runtime_error naming
    // the template that is missing, unreadable or not valid mustache.
    // home_url: the portal home, linked from the header and from error pages.
    explicit Pages(const std::filesystem::path& templates_dir, std::string home_url = "/");

    std::string render_login(const LoginView& view) const;
    std::string render_error(const ErrorView& view) const;
    std::string render_logged_out(const LoggedOutView& view) const;
    std::string render_logout_confirm(const LogoutConfirmView& view) const;
    std::string render_form_post(const FormPostView& view) const;
    std::string render_portal(const PortalView& view) const;
    // A plain page, e.g. render_message("Page introuvable", "…") for a 404.
    std::string render_message(std::string_view title, std::string_view text) const;

    static constexpr const char* kTemplateNames[] = {"layout",         "login",     "error",  "logged_out",
                                                     "logout_confirm", "form_post", "portal", "message"};

private:
    const std::string& source(std::string_view name) const;

    std::map<std::string, std::string, std::less<>> templates_;
    std::string home_url_;
};

} // namespace esc::web
