#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

// Server-rendered pages: mustache templates (web/templates/*.mustache) inside one layout.
// Every value is HTML-escaped by the templates ({{x}}); the templates never use triple braces,
// and the page body is included as a partial, so no text reaches the page unescaped.
//
// One page = one view file (web/views/<page>.{hpp,cpp}: its view struct, how it fills its
// template, and its PageTemplate) + one template. Callers write `pages.render(view)`.
namespace esc::web {

// A template a view renders. Declaring one (a namespace-scope constant of the view's .cpp)
// registers its name, so the Pages constructor checks every page's template at start-up.
class PageTemplate {
public:
    explicit PageTemplate(std::string_view name);
    const std::string& name() const { return name_; }
    // Every template declared so far (the views linked into this program), in declaration order.
    static const std::vector<std::string>& declared();

private:
    std::string name_;
};

struct HiddenField {
    std::string name;
    std::string value;
};

class Pages {
public:
    // Reads and checks the layout and every declared template once. Throws std::runtime_error
    // naming the template that is missing, unreadable or not valid mustache.
    // home_url: the portal home, linked from the header and from error pages.
    explicit Pages(const std::filesystem::path& templates_dir, std::string home_url = "/");

    // Renders a view through its view file's render_view (found by argument-dependent lookup).
    template <class View> std::string render(const View& view) const { return render_view(*this, view); }

    // For the view files: `page` filled with `values`, inside the layout under `title`.
    std::string render(const PageTemplate& page, std::string_view title, kainjow::mustache::data& values) const;
    // A template alone, outside the layout (the parts of a mail): HTML-escaped when `html`, as is
    // otherwise (a text/plain part must show "l’adresse", not "l&#39;adresse").
    std::string render_fragment(const PageTemplate& page, kainjow::mustache::data& values, bool html) const;
    const std::string& home_url() const { return home_url_; }
    // A declared template's text, to include as a partial ({{>name}}) in a page.
    const std::string& partial(const PageTemplate& page) const { return source(page.name()); }

private:
    const std::string& source(const std::string& name) const;

    std::map<std::string, std::string, std::less<>> templates_;
    std::string home_url_;
};

} // namespace esc::web
