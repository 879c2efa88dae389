#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "personne_parser.hpp"
#include "text.hpp"

using namespace esc::directory_sync;
using esc::directory_sync::test::kDoctorRow;
using esc::directory_sync::test::kPersonneHeader;
using esc::directory_sync::test::with_field;

namespace {

PersonneHeader header_of(const std::string& line, FileKind kind = FileKind::PersonneActivite) {
    std::string error;
    auto header = PersonneHeader::parse(line, kind, error);
    INFO(error);
    REQUIRE(header);
    return *header;
}

ParseOutcome parse(const std::string& line, const PersonneHeader& header, PersonneRow& row, std::string& buffer) {
    return parse_personne_line(line, header, buffer, row);
}

} // namespace

TEST_CASE("the 56-column header maps every column by name, trailing '|' included", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    CHECK(header.columns() == 56);
    CHECK(header.trailing_delimiter());
    CHECK(header.position(Col::NationalId) == 2);
    CHECK(header.position(Col::CodeGenre) == 54);
    CHECK_FALSE(header.cp1252());
}

TEST_CASE("the 52-column header of older extractions is accepted without rôle and genre", "[unit][directory_sync]") {
    const auto header = header_of(test::header52());
    CHECK(header.columns() == 52);
    CHECK(header.position(Col::CodeRole) == PersonneHeader::npos);
    // 52 fields + trailing: cut the last 4 fields (rôle, libellé rôle, genre, libellé genre).
    std::string buffer;
    PersonneRow row;
    const std::string line = kDoctorRow.substr(0, kDoctorRow.rfind("|||||GENR01")) + "|||";
    const auto outcome = parse(line, header, row, buffer);
    INFO(outcome.reason << " " << outcome.detail);
    CHECK(outcome.ok);
    CHECK(row.get(Col::CodeRole).empty());
    CHECK(row.get(Col::CodeSecteur) == "SA07");
}

TEST_CASE("an unknown or missing header column stops the run with its name", "[unit][directory_sync]") {
    std::string error;
    CHECK_FALSE(PersonneHeader::parse(kPersonneHeader + "Colonne surprise|", FileKind::PersonneActivite, error));
    CHECK(error.find("Colonne surprise") != std::string::npos);
    const std::string without = kPersonneHeader.substr(kPersonneHeader.find('|') + 1);
    CHECK_FALSE(PersonneHeader::parse(without, FileKind::PersonneActivite, error));
    CHECK(error.find("Type d'identifiant PP") != std::string::npos);
}

TEST_CASE("columns are found by name whatever their order, with a BOM and CRLF", "[unit][directory_sync]") {
    const std::string sf_header = "\xEF\xBB\xBFIdentification nationale PP|Type d'identifiant PP|Identifiant PP|"
                                  "Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|Code "
                                  "catégorie professionnelle|Libellé catégorie professionnelle|Code type "
                                  "savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|\r";
    const auto header = header_of(sf_header, FileKind::SavoirFaire);
    PersonneRow row;
    std::string buffer;
    const std::string line = "819000123455|8|19000123455|ROUSSEAU|Jérémy|10|Médecin|C|Civil|S|Spécialité|SM53|MG|\r";
    const auto outcome = parse(line, header, row, buffer);
    REQUIRE(outcome.ok);
    CHECK(row.get(Col::NationalId) == "819000123455");
    CHECK(row.get(Col::CodeSavoirFaire) == "SM53");
}

TEST_CASE("a good row is split on '|' only: quotes are plain content", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow row;
    std::string buffer;
    const auto line = with_field(kDoctorRow, 26, "RESIDENCE \"L'ERMITAGE");
    const auto outcome = parse(line, header, row, buffer);
    REQUIRE(outcome.ok);
    CHECK_FALSE(outcome.repaired);
    CHECK(row.get(Col::ComplementDestinataire) == "RESIDENCE \"L'ERMITAGE");
    CHECK(row.get(Col::Nom) == "ROUSSEAU");
    CHECK(row.get(Col::IdTechnique) == "R5000000");
    CHECK(row.get(Col::CodeGenre) == "GENR01");
    CHECK(parse(kDoctorRow + "\r", header, row, buffer).ok); // CRLF line ending
}

TEST_CASE("wrong column counts are rejected, a missing trailing '|' included", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow row;
    std::string buffer;
    // One column removed (the line still ends with '|'): 55 columns.
    const std::string missing =
        kDoctorRow.substr(0, kDoctorRow.find("|ALL|")) + kDoctorRow.substr(kDoctorRow.find("|ALL|") + 4);
    auto outcome = parse(missing, header, row, buffer);
    CHECK(outcome.reason == "column_count");
    CHECK(outcome.detail == "55 columns instead of 56");
    outcome = parse(with_field(kDoctorRow, 24, "CABINET|DU DR"), header, row, buffer); // '|' inside a field
    CHECK(outcome.detail == "57 columns instead of 56");
    outcome = parse(kDoctorRow.substr(0, kDoctorRow.size() - 1), header, row, buffer); // no trailing '|'
    CHECK(outcome.reason == "column_count");
    outcome = parse(kDoctorRow.substr(0, 120), header, row, buffer); // a record broken by a newline
    CHECK(outcome.reason == "column_count");
}

TEST_CASE("identifier defects are rejected with their reason", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow row;
    std::string buffer;
    CHECK(parse(with_field(with_field(kDoctorRow, 1, ""), 2, ""), header, row, buffer).reason == "empty_identifier");
    CHECK(parse(with_field(with_field(kDoctorRow, 1, "19000123456"), 2, "819000123456"), header, row, buffer).reason ==
          "rpps_check_key");
    CHECK(parse(with_field(kDoctorRow, 2, "819000123450"), header, row, buffer).reason == "national_id_mismatch");
}

TEST_CASE("overlong fields are rejected", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow row;
    std::string buffer;
    const auto outcome = parse(with_field(kDoctorRow, 24, std::string(5000, 'A')), header, row, buffer);
    CHECK(outcome.reason == "overlong_field");
    CHECK(outcome.detail == "column 25 is 5000 bytes");
    CHECK(parse(with_field(kDoctorRow, 24, std::string(kMaxFieldBytes, 'A')), header, row, buffer).ok);
}

TEST_CASE("invalid UTF-8 is repaired from Windows-1252 or rejected", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow row;
    std::string buffer;
    auto outcome = parse(with_field(kDoctorRow, 8, "J\xE9r\xE9my"), header, row, buffer);
    REQUIRE(outcome.ok);
    CHECK(outcome.repaired);
    CHECK(row.get(Col::Prenom) == "Jérémy");
    outcome = parse(with_field(kDoctorRow, 8, "J\x01\xE9"), header, row, buffer);
    CHECK(outcome.reason == "invalid_utf8");
}

TEST_CASE("a Windows-1252 file (header not UTF-8) is decoded line by line", "[unit][directory_sync]") {
    // Re-encode the UTF-8 header and row to Windows-1252 (é -> 0xE9, è -> 0xE8, É -> 0xC9, ô -> 0xF4).
    auto to_cp1252 = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c == 0xC3 && i + 1 < text.size()) {
                out += static_cast<char>(static_cast<unsigned char>(text[++i]) + 0x40);
                continue;
            }
            out += text[i];
        }
        return out;
    };
    const auto header = header_of(to_cp1252(kPersonneHeader));
    CHECK(header.cp1252());
    PersonneRow row;
    std::string buffer;
    const auto outcome = parse(to_cp1252(kDoctorRow), header, row, buffer);
    REQUIRE(outcome.ok);
    CHECK(row.get(Col::Prenom) == "Jérémy");
    CHECK(row.get(Col::LibelleCommune) == "Toulouse");
}

TEST_CASE("split_accepted_line re-reads an accepted line identically", "[unit][directory_sync]") {
    const auto header = header_of(kPersonneHeader);
    PersonneRow first, again;
    std::string buffer, buffer2;
    const auto line = with_field(kDoctorRow, 8, "J\xE9r\xE9my");
    REQUIRE(parse(line, header, first, buffer).ok);
    split_accepted_line(line, header, true, buffer2, again);
    CHECK(first.fields == again.fields);
}
