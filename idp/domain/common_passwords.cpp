#include "domain/common_passwords.hpp"

#include <cctype>

namespace esc::domain {

const std::unordered_set<std::string>& common_passwords() {
    static const std::unordered_set<std::string> set = [] {
        std::unordered_set<std::string> out;
        const auto text = common_passwords_text();
        out.reserve(10000);
        std::size_t start = 0;
        while (start < text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string_view::npos) end = text.size();
            auto line = text.substr(start, end - start);
            start = end + 1;
            if (line.empty() || line.substr(0, 2) == "# ") continue;
            std::string entry(line);
            for (auto& c : entry)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.insert(std::move(entry));
        }
        return out;
    }();
    return set;
}

} // namespace esc::domain
