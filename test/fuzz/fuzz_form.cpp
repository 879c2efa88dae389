// libFuzzer target: the form / query-string parser and URL decoding (untrusted input of every endpoint).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/cookies.hpp"
#include "http/form.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (auto form = esc::http::parse_form(input)) {
        // Round trip: what we parsed must encode and parse back to the same parameters.
        auto rebuilt = esc::http::append_query("", form->all());
        auto again = esc::http::parse_form(std::string_view(rebuilt).substr(rebuilt.empty() ? 0 : 1));
        if (!again || again->all().size() != form->all().size()) __builtin_trap();
        for (std::size_t i = 0; i < form->all().size(); ++i)
            if (again->all()[i].name != form->all()[i].name || again->all()[i].value != form->all()[i].value)
                __builtin_trap();
        form->first_duplicate();
    }
    esc::http::url_decode(input);
    esc::http::cookie_value(input, "__Host-esc_session");
    return 0;
}
