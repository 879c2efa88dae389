#pragma once
#include <string>
#include <vector>

#include "web/pages.hpp"

namespace esc::web {

// « Validez sur votre téléphone »: the binding code the phone also shows, and the form that goes on
// once the professional approved (no script: the page asks, the professional answers).
struct MobileWaitView {
    std::string service_name;
    std::string binding_code;
    std::string action; // POST: login/mobile/check
    std::string csrf;
    std::string interaction;
    std::string request;
    std::string notice; // « pas encore validée » after a check too early; "" = none
};
std::string render_view(const Pages& pages, const MobileWaitView& view);

// « Mon compte » › application d'authentification: the devices in use, and how to add one.
struct AuthenticatorView {
    struct Device {
        std::string id;
        std::string name;
        std::string created;   // French date
        std::string last_used; // French date or « jamais »
    };
    std::vector<Device> devices;
    std::string action;
    std::string csrf;
    bool strong_session = false; // may activate a device from here (eidas2 or more)
    bool directory_mail = false; // has an MSSanté address in the directory to mail a code to
    // After « Activer »: the code, its URL and the QR code (inline SVG) of that URL.
    std::string activation_code;
    std::string activation_url;
    std::string activation_qr_svg;
    int activation_minutes = 0;
    std::string message; // a confirmation; "" = none
    std::string error;
};
std::string render_view(const Pages& pages, const AuthenticatorView& view);

} // namespace esc::web
