#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "domain/acr.hpp"

namespace esc::config::detail {

// [workstation] and [console]: workstation certificates need an administrator to approve them, so
// enabling them without one is a configuration that cannot work, said at start-up.
void read_workstation(TableReader& top, Config& config) {
    if (const toml::table* table = top.table("workstation")) {
        TableReader r(*table, "workstation", top.diag());
        auto& w = config.workstation;
        r.read("enabled", w.enabled);
        r.read("withdrawal_lifetime", w.withdrawal_seconds, 3600, 30 * 86400);
        r.read("validity_days", w.validity_days, 1, 825);
        r.read("crl_lifetime", w.crl_seconds, 3600, 30 * 86400);
        r.finish();
    }
    if (const toml::table* table = top.table("console")) {
        TableReader r(*table, "console", top.diag());
        auto& c = config.console;
        r.read("administrators", c.administrators);
        r.read("helpdesk", c.helpdesk);
        if (r.read("min_acr", c.min_acr) && domain::acr_level(c.min_acr) == 0)
            top.diag().error("console.min_acr", "must be eidas1, eidas2 or eidas3 (or remove it: the strictest "
                                                "min_acr of the services each person administers)");
        r.read("reauthentication_after", c.reauth_seconds, 60, 86400);
        r.finish();
    }
    if (config.workstation.enabled && config.console.administrators.empty())
        top.diag().error("console.administrators",
                         "workstation certificates are approved by an administrator: list at least one login");
}

} // namespace esc::config::detail
