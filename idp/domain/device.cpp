#include "domain/device.hpp"

namespace esc::domain {

std::string_view name_of(MobileState state) {
    switch (state) {
    case MobileState::pending:
        return "pending";
    case MobileState::approved:
        return "approved";
    case MobileState::denied:
        return "denied";
    }
    return "denied";
}

MobileState mobile_state_from(std::string_view name) {
    if (name == "pending") return MobileState::pending;
    if (name == "approved") return MobileState::approved;
    return MobileState::denied;
}

} // namespace esc::domain
