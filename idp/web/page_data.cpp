#include "web/page_data.hpp"

#include "web/labels.hpp"

namespace esc::web {

namespace {
constexpr std::string_view kDefaultService = "Portail Esculape";
} // namespace

PageData list_of() {
    return PageData{PageData::type::list};
}

std::string service_name(const std::string& client_name) {
    return client_name.empty() ? std::string(kDefaultService) : client_name;
}

std::string profession_text(const std::string& code) {
    if (code.empty()) return "Profession non renseignée";
    const auto label = profession_label(code);
    return label.empty() ? "Profession (code " + code + ")" : std::string(label);
}

// Only web addresses and paths of this server become links: a "javascript:" or "data:" URL from
// a misconfigured tile must not run in the portal's origin.
bool is_safe_link(std::string_view url) {
    if (url.starts_with("https://") || url.starts_with("http://")) return true;
    return url.starts_with("/") && !url.starts_with("//");
}

PageData hidden_fields(const std::vector<HiddenField>& fields) {
    PageData list = list_of();
    for (const auto& f : fields) {
        PageData item;
        item.set("name", f.name);
        item.set("value", f.value);
        list.push_back(item);
    }
    return list;
}

std::string error_of(const std::map<std::string, std::string>& errors, const std::string& field) {
    auto it = errors.find(field);
    return it == errors.end() ? std::string() : it->second;
}

void set_optional(PageData& data, const std::string& key, const std::string& value) {
    if (value.empty())
        data.set(key, false);
    else
        data.set(key, value);
}

} // namespace esc::web
