#include "domain/access.hpp"

namespace esc::domain {

std::string_view name_of(AccessState state) {
    switch (state) {
    case AccessState::to_process:
        return "to_process";
    case AccessState::accepted:
        return "accepted";
    case AccessState::refused:
        return "refused";
    }
    return "to_process";
}

std::optional<AccessState> access_state_from_name(std::string_view name) {
    for (auto s : {AccessState::to_process, AccessState::accepted, AccessState::refused})
        if (name_of(s) == name) return s;
    return std::nullopt;
}

} // namespace esc::domain
