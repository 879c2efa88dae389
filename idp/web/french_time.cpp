#include "web/french_time.hpp"

#include <cstdio>
#include <ctime>

namespace esc::web {
namespace {

std::tm utc(domain::UnixTime t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm;
}

// 01:00 UTC on the last Sunday of `month` (0-based) of `year`.
domain::UnixTime last_sunday_1am(int year, int month) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month + 1; // first day of the next month…
    tm.tm_mday = 1;
    tm.tm_hour = 1;
    domain::UnixTime first_next = timegm(&tm);
    std::tm check = utc(first_next);
    // …minus one day brings the last day of `month`, then back to its Sunday.
    int last_day_wday = (check.tm_wday + 6) % 7;
    return first_next - 86400 - static_cast<domain::UnixTime>(last_day_wday) * 86400;
}

} // namespace

std::string paris_date_time(domain::UnixTime t) {
    const int year = utc(t).tm_year + 1900;
    const bool summer = t >= last_sunday_1am(year, 2) && t < last_sunday_1am(year, 9);
    const std::tm local = utc(t + (summer ? 7200 : 3600));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d à %02d:%02d", local.tm_mday, local.tm_mon + 1, local.tm_year + 1900,
                  local.tm_hour, local.tm_min);
    return buf;
}

} // namespace esc::web
