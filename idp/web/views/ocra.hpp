#pragma once
#include <string>

#include "web/pages.hpp"

namespace esc::web {

// « Calculette CPS »: the challenge to type into the pocket card reader, and the field for its
// answer. The challenge travels in a signed token (portal/ocra_login.cpp), so the page stores nothing.
struct OcraChallengeView {
    std::string service_name;
    std::string challenge; // the digits to type, e.g. "20384519"
    int response_digits = 8;
    int lifetime_seconds = 300; // how long the challenge can be answered
    std::string action;         // POST: login/ocra/answer
    std::string csrf;
    std::string interaction;
    std::string login; // as typed on the login page ("" in a step-up)
    std::string token; // the signed challenge
    std::string error; // a wrong answer, shown next to the field with a new challenge; "" = none
};
std::string render_view(const Pages& pages, const OcraChallengeView& view);

} // namespace esc::web
