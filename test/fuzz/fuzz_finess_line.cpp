// libFuzzer target: FINESS etalab lines with CSV quoting (directory-sync/finess_parser.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "finess_parser.hpp"
#include "text.hpp"

using namespace esc::directory_sync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    (void)is_finess_preamble(line);
    const auto parsed = parse_finess_line(line);
    if (parsed.kind == FinessLineKind::Structure) {
        // A kept record has a well-formed FINESS number and UTF-8 text only.
        if (parsed.record[0].size() != 9) __builtin_trap();
        for (const auto& value : parsed.record)
            if (!is_valid_utf8(value)) __builtin_trap();
    }
    return 0;
}
