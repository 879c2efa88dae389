// libFuzzer target: what the registration and account forms accept from a browser (e-mail
// addresses, phone numbers, RPPS/ADELI numbers, a certificate subject's CN) and the stored draft's
// JSON. Each must answer without crashing, and what it accepts must satisfy its own rule.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/mail.hpp"
#include "domain/registration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    using namespace esc::domain;
    if (is_mail_address(input) && (input.size() > 254 || input.find('@') == std::string_view::npos)) __builtin_trap();
    if (auto phone = normalized_phone(input)) {
        if (phone->size() != 10 || (*phone)[0] != '0') __builtin_trap();
        if (normalized_phone(*phone) != phone) __builtin_trap(); // normalizing twice changes nothing
    }
    if (auto id = national_id_of(input))
        if ((id->size() != 12 || (*id)[0] != '8') && (id->size() != 10 || (*id)[0] != '0')) __builtin_trap();
    if (auto id = national_id_from_subject(input))
        if (id->size() < 9 || id->size() > 12) __builtin_trap();
    if (auto draft = registration_draft_from_json(input)) {
        auto again = registration_draft_from_json(to_json(*draft).dump());
        if (!again || to_json(*again) != to_json(*draft)) __builtin_trap();
        check_details(*draft);
    }
    return 0;
}
