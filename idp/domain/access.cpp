#include "domain/access.hpp"

#include <algorithm>

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

std::optional<AccessState> state_after_request(std::optional<AccessState> current) {
    if (!current || *current == AccessState::refused) return AccessState::to_process;
    return std::nullopt;
}

bool may_decide(AccessState current, AccessState target) {
    switch (current) {
    case AccessState::to_process:
        return target == AccessState::accepted || target == AccessState::refused;
    case AccessState::accepted:
        return target == AccessState::refused;
    case AccessState::refused:
        return target == AccessState::accepted;
    }
    return false;
}

namespace {
bool any_in(const std::vector<std::string>& wanted, const std::vector<std::string>& held) {
    return std::any_of(held.begin(), held.end(), [&](const std::string& h) {
        return std::find(wanted.begin(), wanted.end(), h) != wanted.end();
    });
}
} // namespace

bool eligible(const Eligibility& rule, const PractitionerCodes& who) {
    if (!rule.restricts()) return true;
    return any_in(rule.professions, who.professions) || any_in(rule.specialties, who.specialties);
}

ServiceAccess service_access(AccessPolicy policy, const Eligibility& rule, const PractitionerCodes& who,
                             std::optional<AccessState> state) {
    if (!eligible(rule, who)) return ServiceAccess::not_eligible;
    if (policy == AccessPolicy::open) return ServiceAccess::allowed;
    if (!state) return ServiceAccess::not_requested;
    switch (*state) {
    case AccessState::accepted:
        return ServiceAccess::allowed;
    case AccessState::refused:
        return ServiceAccess::refused;
    case AccessState::to_process:
        return ServiceAccess::pending;
    }
    return ServiceAccess::not_requested;
}

} // namespace esc::domain
