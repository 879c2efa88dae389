#include "domain/account_link.hpp"

namespace esc::domain {

std::string_view name_of(LinkPurpose purpose) {
    switch (purpose) {
    case LinkPurpose::reset_password:
        return "reset_password";
    case LinkPurpose::set_password:
        return "set_password";
    case LinkPurpose::verify_email:
        return "verify_email";
    }
    return "reset_password";
}

std::optional<LinkPurpose> link_purpose_from_name(std::string_view name) {
    for (auto p : {LinkPurpose::reset_password, LinkPurpose::set_password, LinkPurpose::verify_email})
        if (name_of(p) == name) return p;
    return std::nullopt;
}

UnixTime link_lifetime(LinkPurpose purpose) {
    switch (purpose) {
    case LinkPurpose::reset_password:
        return 30 * 60;
    case LinkPurpose::set_password:
        return 7 * 24 * 3600;
    case LinkPurpose::verify_email:
        return 2 * 24 * 3600;
    }
    return 30 * 60;
}

} // namespace esc::domain
