#include "web/views/ocra.hpp"

#include "web/page_data.hpp"

namespace esc::web {
namespace {
const PageTemplate kChallenge{"ocra_challenge"};

// Four-digit groups are what the professional reads aloud to themselves while typing.
std::string grouped(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}
// « 5 minutes », « 1 minute », « 90 secondes »: what the professional reads.
std::string duration_words(int seconds) {
    if (seconds % 60 != 0) return std::to_string(seconds) + " secondes";
    const int minutes = seconds / 60;
    return std::to_string(minutes) + (minutes > 1 ? " minutes" : " minute");
}
} // namespace

std::string render_view(const Pages& pages, const OcraChallengeView& view) {
    PageData d;
    d.set("service_name", view.service_name);
    d.set("challenge", grouped(view.challenge));
    d.set("response_digits", std::to_string(view.response_digits));
    d.set("lifetime", duration_words(view.lifetime_seconds));
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("interaction", view.interaction);
    d.set("login", view.login);
    d.set("token", view.token);
    set_optional(d, "error", view.error);
    return pages.render(kChallenge, "Calculette CPS", d);
}

} // namespace esc::web
