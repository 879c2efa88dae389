#include "config/client_loader.hpp"

#include <algorithm>

namespace esc::config::detail {

namespace {

bool read_codes(TableReader& r, std::string_view key, std::vector<std::string>& out) {
    if (!r.read(key, out)) return false;
    for (const auto& code : out)
        if (code.empty() || code.size() > 20)
            r.diag().error(r.path_of(key), "each code must be 1 to 20 characters (codeProfession or codeSavoirFaire)");
    return true;
}

domain::Referent read_referent(const toml::table& table, const std::string& path, const domain::Client& c,
                               Diagnostics& diag) {
    TableReader r(table, path, diag);
    domain::Referent ref;
    ref.client_id = c.id;
    ref.from_file = true;
    r.read("login", ref.login);
    if (ref.login.empty() || ref.login.size() > 100) diag.error(r.path_of("login"), "the referent's login is required");
    r.read("departments", ref.territory.departments);
    for (const auto& d : ref.territory.departments) {
        auto prefixes = domain::department_prefixes(d);
        if (!prefixes) {
            diag.error(r.path_of("departments"), "\"" + d + "\" is not a French department (\"44\", \"2A\", \"971\"…)");
            continue;
        }
        ref.territory.postal_prefixes.insert(ref.territory.postal_prefixes.end(), prefixes->begin(), prefixes->end());
    }
    std::vector<std::string> prefixes;
    r.read("postal_prefixes", prefixes);
    for (const auto& p : prefixes) {
        if (!domain::valid_postal_prefix(p))
            diag.error(r.path_of("postal_prefixes"), "\"" + p + "\" is not a postal-code prefix (1 to 5 digits)");
        else
            ref.territory.postal_prefixes.push_back(p);
    }
    r.read("default", ref.is_default);
    if (ref.territory.empty() && !ref.is_default)
        diag.error(path, "a referent needs departments, postal_prefixes or default = true (else no request "
                         "reaches them)");
    r.finish();
    return ref;
}

} // namespace

void read_access_policy(TableReader& r, domain::Client& c) {
    std::string access = "open";
    r.read("access", access);
    if (access != "open" && access != "approval" && access != "restricted")
        r.diag().error(r.path_of("access"),
                       "must be \"open\" (any professional), \"approval\" (a referent accepts each "
                       "professional's request) or \"restricted\" (listed professions or "
                       "specialties only)");
    c.requires_approval = access == "approval";
    read_codes(r, "professions", c.eligibility.professions);
    read_codes(r, "specialties", c.eligibility.specialties);
    if (access == "restricted" && !c.eligibility.restricts())
        r.diag().error(r.path_of("access"), "\"restricted\" needs professions or specialties to admit");
    if (access == "open" && c.eligibility.restricts())
        r.diag().error(r.path_of("access"),
                       "professions and specialties restrict a service: set access = \"restricted\" or \"approval\"");
    const auto* list = r.array("referents");
    if (!list) {
        if (c.requires_approval)
            r.diag().warn(r.path_of("access") + ": \"approval\" without [[referents]]: the platform administrators "
                                                "([console] administrators) receive and decide every request");
        return;
    }
    if (!c.requires_approval)
        r.diag().error(r.path_of("referents"), "referents decide requests: only for access = \"approval\"");
    int index = 0;
    for (const auto& node : *list) {
        const auto path = r.path_of("referents") + "[" + std::to_string(index++) + "]";
        const auto* table = node.as_table();
        if (!table) {
            r.diag().error(path, "each referent is a table ([[referents]] with login, departments…)");
            continue;
        }
        auto ref = read_referent(*table, path, c, r.diag());
        const bool repeated = std::any_of(c.referents.begin(), c.referents.end(),
                                          [&](const domain::Referent& x) { return x.login == ref.login; });
        if (repeated)
            r.diag().error(path, "the referent \"" + ref.login +
                                     "\" is listed twice: give one entry all their "
                                     "departments");
        else
            c.referents.push_back(std::move(ref));
    }
}

} // namespace esc::config::detail
