#include "web/pages.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "web/stylesheet.hpp"

namespace esc::web {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr const char* kLayout = "layout";

std::vector<std::string>& declared_templates() {
    static std::vector<std::string> names; // a function-local static: safe from any static initializer
    return names;
}

std::string read_template(const std::filesystem::path& dir, const std::string& name) {
    const auto path = dir / (name + ".mustache");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("web template missing or unreadable: " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    mustache parsed{text.str()};
    if (!parsed.is_valid())
        throw std::runtime_error("web template " + path.string() + " is not valid mustache: " + parsed.error_message());
    return text.str();
}

} // namespace

PageTemplate::PageTemplate(std::string_view name) : name_(name) {
    auto& names = declared_templates();
    if (std::find(names.begin(), names.end(), name_) == names.end()) names.push_back(name_);
}

const std::vector<std::string>& PageTemplate::declared() {
    return declared_templates();
}

Pages::Pages(const std::filesystem::path& templates_dir, std::string home_url) : home_url_(std::move(home_url)) {
    templates_.emplace(kLayout, read_template(templates_dir, kLayout));
    for (const auto& name : PageTemplate::declared())
        templates_.emplace(name, read_template(templates_dir, name));
}

const std::string& Pages::source(const std::string& name) const {
    auto it = templates_.find(name);
    if (it == templates_.end()) throw std::logic_error("web template " + name + " was not loaded");
    return it->second;
}

// The page template is included in the layout as the partial "body", rendered with the same data.
std::string Pages::render(const PageTemplate& page, std::string_view title, data& values) const {
    values.set("body", source(page.name()));
    values.set("title", std::string(title));
    values.set("home_url", home_url_);
    values.set("stylesheet_url", std::string(kStylesheetPath) + "?v=" + stylesheet_version());
    mustache layout{source(kLayout)};
    std::string html = layout.render(values);
    if (!layout.error_message().empty()) throw std::runtime_error("web page rendering: " + layout.error_message());
    return html;
}

std::string Pages::render_fragment(const PageTemplate& page, data& values, bool html) const {
    mustache fragment{source(page.name())};
    if (!html) fragment.set_custom_escape([](const std::string& s) { return s; });
    std::string out = fragment.render(values);
    if (!fragment.error_message().empty())
        throw std::runtime_error("web template " + page.name() + ": " + fragment.error_message());
    return out;
}

} // namespace esc::web
