#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "crypto/ocra.hpp"

namespace esc::config::detail {

// [ocra]: the CPS calculator. The server keeps no counter, clock or PIN for a token, so only a
// suite answering a numeric question alone can be verified: anything else is refused here rather
// than failing every login.
void read_ocra(TableReader& top, Config& config) {
    const toml::table* table = top.table("ocra");
    if (!table) return;
    TableReader r(*table, "ocra", top.diag());
    auto& o = config.ocra;
    r.read("enabled", o.enabled);
    r.read("suite", o.suite);
    r.read("challenge_lifetime", o.challenge_seconds, 30, 900);
    r.finish();
    auto suite = crypto::parse_ocra_suite(o.suite);
    if (!suite) {
        top.diag().error("ocra.suite", "\"" + o.suite +
                                           "\" is not an OCRA suite (RFC 6287 §6), e.g. "
                                           "\"OCRA-1:HOTP-SHA1-8:QN08\"");
    } else if (suite->counter || suite->pin_hash || suite->session_length != 0 || suite->time_step_seconds != 0 ||
               suite->question_format != 'N' || suite->digits == 0) {
        top.diag().error("ocra.suite", "only challenge-only numeric suites with a truncated response are supported "
                                       "(OCRA-1:HOTP-SHA<1|256|512>-<4..10>:QN<04..64>): the server keeps no counter, "
                                       "PIN, session or clock for a token");
    }
}

} // namespace esc::config::detail
