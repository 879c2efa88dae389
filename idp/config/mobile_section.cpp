#include "config/sections.hpp"
#include "config/table_reader.hpp"

namespace esc::config::detail {

// [mobile]: the phone authenticator and CIBA. Off by default: the login page then shows no
// « Application e-CPS » section and discovery no CIBA endpoint.
void read_mobile(TableReader& top, Config& config) {
    const toml::table* table = top.table("mobile");
    if (!table) return;
    TableReader r(*table, "mobile", top.diag());
    auto& m = config.mobile;
    r.read("enabled", m.enabled);
    r.read("request_lifetime", m.request_seconds, 30, 600);
    r.read("activation_lifetime", m.activation_seconds, 60, 7 * 86400);
    r.read("poll_interval", m.poll_interval_seconds, 1, 60);
    r.read("max_requests_per_account", m.max_requests_per_window, 1, 100);
    r.finish();
}

} // namespace esc::config::detail
