#include "app/sandbox.hpp"

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

namespace esc::app {

namespace {
nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) return nullptr;
    return nlohmann::json::parse(in, nullptr, false);
}
} // namespace

Sandbox read_sandbox(const std::string& demo_dir) {
    Sandbox s;
    if (demo_dir.empty()) return s;
    auto accounts = read_json(demo_dir + "/accounts.json");
    auto professionals = read_json(demo_dir + "/professionals.json");
    if (!accounts.is_array()) return s;
    std::map<std::string, std::string> profession_of;
    if (professionals.is_array())
        for (const auto& p : professionals) {
            const auto& ex = p.value("exercices", nlohmann::json::array());
            if (p.contains("national_id") && ex.is_array() && !ex.empty())
                profession_of[p.value("national_id", "")] = ex[0].value("codeProfession", "");
        }
    bool same_password = true;
    for (const auto& a : accounts) {
        if (!a.is_object()) continue;
        std::string password = a.value("password", "");
        if (s.password.empty() && s.logins.empty()) s.password = password;
        same_password = same_password && password == s.password;
        s.logins.push_back({a.value("login", ""), profession_of[a.value("national_id", "")]});
    }
    if (!same_password) s.password.clear();
    return s;
}

} // namespace esc::app
