// libFuzzer target: the OCRA token import file (an administrator's upload, from a manufacturer's
// delivery: not trusted to be well formed). Every accepted token must satisfy the documented rules.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/ocra_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto result = esc::domain::parse_ocra_import(input);
    for (const auto& t : result.tokens) {
        if (t.serial.empty() || t.serial.size() > 64) __builtin_trap();
        if (t.account.empty() || t.account.size() > 256) __builtin_trap();
        if (t.key.size() < 16 || t.key.size() > 64) __builtin_trap();
        if (t.line < 1) __builtin_trap();
    }
    for (const auto& e : result.errors)
        if (e.line < 1 || e.message.empty()) __builtin_trap();
    return 0;
}
