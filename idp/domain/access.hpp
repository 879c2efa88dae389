#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

// Access of an account to a service (a relying party of the catalogue). Registration records the
// services asked for as "to process"; the referents' decisions (issue 9) move them on.
namespace esc::domain {

enum class AccessState { to_process, accepted, refused };
std::string_view name_of(AccessState state);
std::optional<AccessState> access_state_from_name(std::string_view name);

struct AccessRequest {
    std::int64_t account_id = 0;
    std::string client_id;
    AccessState state = AccessState::to_process;
    UnixTime requested_at = 0;
    UnixTime decided_at = 0; // 0 while to process
    std::string decided_by;
    std::string reason;
};

} // namespace esc::domain
