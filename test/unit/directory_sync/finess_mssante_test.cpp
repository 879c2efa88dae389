#include <catch2/catch.hpp>

#include "finess_parser.hpp"
#include "mssante_parser.hpp"

using namespace esc::directory_sync;

namespace {

// A real-shaped structureet record (annuaire-formats.md §5), 32 fields ending with ';'.
const std::string kStructure =
    "structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE BOURG;;;900;RTE;DE PARIS;;;451;01;AIN;"
    "01440 VIRIAT;0474454647;;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;8610Z;03;"
    "ARS;1;Etablissement public;1979-02-13;1979-02-13;2020-02-04;";

const std::string kMssanteHeader =
    "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|Type identifiant "
    "structure|Identification Structure|Service de rattachement|Civilité d'exercice|Nom d'exercice|Prénom "
    "d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession|Libellé Profession|Code "
    "savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL|Enseigne commerciale "
    "structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|L4NUMEROVOIE "
    "structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|L4LIBELLEVOIE structure "
    "BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|Code postal structure BAL|Département "
    "structure BAL|Pays structure BAL";

const std::string kPer = "PER|jeremy.rousseau@medecin.mssante.fr|8|19000123455|819000123455|1|1010000024|||ROUSSEAU|"
                         "Jérémy|C|Civil|10|Médecin|||true|CH DE FLEYRIAT||||900||RTE|DE PARIS||01440 VIRIAT|01440|01|";

MssanteHeader mss_header() {
    std::string error;
    auto header = MssanteHeader::parse(kMssanteHeader, error);
    INFO(error);
    REQUIRE(header);
    return *header;
}

} // namespace

TEST_CASE("FINESS structureet records are split with CSV quoting", "[unit][directory_sync]") {
    CHECK(is_finess_preamble("finess;etalab;111;2026-01-05"));
    CHECK_FALSE(is_finess_preamble("structureet;010000024"));
    const auto line = parse_finess_line(kStructure);
    REQUIRE(line.kind == FinessLineKind::Structure);
    CHECK(line.record[0] == "010000024");
    CHECK(line.record[1] == "010780054");
    CHECK(line.record[17] == "355");
    CHECK(line.record[30].empty());
    std::vector<std::string> fields;
    REQUIRE(split_semicolon_quoted("a;\"LIEU DE VIE \"\"MAVOUNA MEMA 1\"\"\";\"x;y\";", fields));
    CHECK(fields == std::vector<std::string>{"a", "LIEU DE VIE \"MAVOUNA MEMA 1\"", "x;y", ""});
    CHECK_FALSE(split_semicolon_quoted("a;\"unterminated", fields));
    CHECK_FALSE(split_semicolon_quoted("a;\"closed\"junk;", fields));
}

TEST_CASE("FINESS lines: Windows-1252, other records, defects", "[unit][directory_sync]") {
    std::string latin = kStructure;
    latin.replace(latin.find("Etablissement public"), 13, "\xC9tablissement");
    const auto decoded = parse_finess_line(latin);
    REQUIRE(decoded.kind == FinessLineKind::Structure);
    CHECK(decoded.record[26] == "Établissement public");
    CHECK(parse_finess_line("geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE;2026-05-04").kind ==
          FinessLineKind::Other);
    CHECK(parse_finess_line("structureet;010000024;010780054;TOO SHORT;").reason == "column_count");
    std::string bad_number = kStructure;
    bad_number.replace(12, 9, "01000002X");
    CHECK(parse_finess_line(bad_number).reason == "malformed_finess");
    std::string corsica = kStructure;
    corsica.replace(12, 9, "2A0000024");
    CHECK(parse_finess_line(corsica).kind == FinessLineKind::Structure);
    CHECK(parse_finess_line("structureet;\"010000024;broken").reason == "unterminated_quote");
}

TEST_CASE("MSSanté PER and ORG lines, with or without a trailing '|'", "[unit][directory_sync]") {
    const auto header = mss_header();
    auto per = parse_mssante_line(kPer, header);
    REQUIRE(per.ok);
    CHECK(per.mailbox.type == "PER");
    CHECK(per.mailbox.national_id == "819000123455");
    CHECK(per.mailbox.structure_id == "1010000024");
    CHECK(parse_mssante_line(kPer + "|", header).ok);
    CHECK(parse_mssante_line(kPer + "|", header).mailbox.digest == per.mailbox.digest);
    const auto org = parse_mssante_line("ORG|secretariat@ch-bourg.mssante.fr|||||1|1010000024|Accueil|||||||||"
                                        "false|CH DE FLEYRIAT||||900||RTE|DE PARIS||01440 VIRIAT|01440|01|",
                                        header);
    REQUIRE(org.ok);
    CHECK(org.mailbox.national_id.empty());
    // Any change of the line changes its digest (the address is not a unique key).
    std::string renamed = kPer;
    renamed.replace(renamed.find("ROUSSEAU"), 8, "ROUSSEL-");
    CHECK(parse_mssante_line(renamed, header).mailbox.digest != per.mailbox.digest);
}

TEST_CASE("MSSanté defects are rejected", "[unit][directory_sync]") {
    const auto header = mss_header();
    CHECK(parse_mssante_line("APP" + kPer.substr(3), header).reason == "unknown_mailbox_type");
    CHECK(parse_mssante_line("PER|no-at-sign" + kPer.substr(kPer.find("|8|")), header).reason == "malformed_address");
    CHECK(parse_mssante_line("PER|a@b.fr|8|19000123456|819000123456" + kPer.substr(kPer.find("|1|1010")), header)
              .reason == "rpps_check_key");
    CHECK(parse_mssante_line(kPer.substr(0, 60), header).reason == "column_count");
    std::string error;
    CHECK_FALSE(MssanteHeader::parse(kMssanteHeader + "|Colonne inconnue", error));
    CHECK(error.find("Colonne inconnue") != std::string::npos);
    CHECK_FALSE(MssanteHeader::parse(kMssanteHeader.substr(kMssanteHeader.find('|') + 1), error));
    CHECK(error.find("Type de BAL") != std::string::npos);
}
