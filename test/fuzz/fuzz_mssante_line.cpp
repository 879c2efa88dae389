// libFuzzer target: MSSanté extraction lines (directory-sync/mssante_parser.cpp). The first input
// line is the header when it parses, otherwise the published header is used.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mssante_parser.hpp"

using namespace esc::directory_sync;

namespace {
const char* const kHeader =
    "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|Type identifiant "
    "structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|Prénom "
    "d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|Code "
    "savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|Enseigne commerciale "
    "structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|L4NUMEROVOIE "
    "structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|L4LIBELLEVOIE structure "
    "BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|Code postal structure BAL|Département "
    "structure BAL|Pays structure BAL";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto newline = input.find('\n');
    auto header = MssanteHeader::parse(input.substr(0, newline), error);
    std::string_view rest = input;
    if (header && newline != std::string_view::npos) rest = input.substr(newline + 1);
    if (!header) header = MssanteHeader::parse(kHeader, error);
    if (!header) __builtin_trap();
    while (true) {
        const auto end = rest.find('\n');
        const auto parsed = parse_mssante_line(rest.substr(0, end), *header);
        if (parsed.ok && (parsed.mailbox.address.find('@') == std::string::npos || parsed.mailbox.digest == 0))
            __builtin_trap();
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return 0;
}
