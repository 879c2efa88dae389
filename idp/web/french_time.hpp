#pragma once
#include <string>

#include "domain/time.hpp"

namespace esc::web {

// "07/12/2026 à 17:21" in Paris time (CET/CEST, EU summer time rule: last Sunday of March to last
// Sunday of October, at 01:00 UTC), as French pages and mails show times. Mainland France only:
// overseas departments would need their own zone.
std::string paris_date_time(domain::UnixTime t);

} // namespace esc::web
