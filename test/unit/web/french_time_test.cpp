#include <catch2/catch.hpp>

#include "web/french_time.hpp"

using esc::web::paris_date_time;

TEST_CASE("times are shown in Paris time, summer time included", "[unit][web]") {
    CHECK(paris_date_time(1'796'660'000) == "07/12/2026 à 17:13"); // winter: UTC+1
    CHECK(paris_date_time(1'783'000'000) == "02/07/2026 à 15:46"); // summer: UTC+2
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    CHECK(paris_date_time(1'774'745'999) == "29/03/2026 à 01:59");
    CHECK(paris_date_time(1'774'746'000) == "29/03/2026 à 03:00");
    CHECK(paris_date_time(1'792'889'999) == "25/10/2026 à 02:59");
    CHECK(paris_date_time(1'792'890'000) == "25/10/2026 à 02:00");
    CHECK(paris_date_time(1'792'893'600) == "25/10/2026 à 03:00");
}
