#include "http/fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace esc::http {

DescriptorLimit ensure_descriptor_limit(std::size_t max_connections) {
    DescriptorLimit out;
    const std::size_t needed = max_connections + kReservedDescriptors;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return out; // unknown: nothing to say
    auto as_size = [](rlim_t v) { return v == RLIM_INFINITY ? SIZE_MAX : static_cast<std::size_t>(v); };
    out.soft_before = out.soft_after = as_size(limit.rlim_cur);
    out.hard = as_size(limit.rlim_max);
    if (out.soft_before >= needed) return out;
    rlimit raised = limit;
    raised.rlim_cur = static_cast<rlim_t>(std::min(needed, out.hard));
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) out.soft_after = as_size(raised.rlim_cur);
    if (out.soft_after >= needed) return out;
    out.enough = false;
    out.message = "the open-file limit (RLIMIT_NOFILE) is " + std::to_string(out.soft_after) + " (hard limit " +
                  std::to_string(out.hard) + "), below server.max_connections + " +
                  std::to_string(kReservedDescriptors) + " = " + std::to_string(needed) +
                  ": raise it (LimitNOFILE= in the systemd unit, ulimit -n) or lower server.max_connections; "
                  "until then at most about " +
                  std::to_string(out.soft_after > kReservedDescriptors ? out.soft_after - kReservedDescriptors : 0) +
                  " connections can be open at once";
    return out;
}

} // namespace esc::http
