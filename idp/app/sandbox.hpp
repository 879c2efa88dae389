#pragma once
#include <string>
#include <vector>

#include "web/views/login.hpp"

namespace esc::app {

struct Sandbox {
    std::vector<web::SandboxLogin> logins;
    std::string password; // shared by every test account; "" when they differ
};

// The test logins of conf/demo, listed on the login page in development mode.
Sandbox read_sandbox(const std::string& demo_dir);

} // namespace esc::app
