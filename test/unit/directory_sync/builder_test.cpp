#include <catch2/catch.hpp>

#include <algorithm>

#include "fixtures.hpp"
#include "flat_map.hpp"
#include "personne_parser.hpp"
#include "professional_builder.hpp"
#include "storage/directory_import.hpp"
#include "text.hpp"

using namespace esc::directory_sync;
using esc::directory_sync::test::kDoctorRow;
using esc::directory_sync::test::with_field;

namespace {

struct Rows {
    PersonneHeader header;
    std::vector<std::string> lines;
    std::vector<std::string> buffers;
    std::vector<PersonneRow> parse() {
        std::vector<PersonneRow> rows(lines.size());
        buffers.resize(lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i)
            REQUIRE(parse_personne_line(lines[i], header, buffers[i], rows[i]).ok);
        return rows;
    }
};

Rows rows_of(std::vector<std::string> lines) {
    std::string error;
    auto header = PersonneHeader::parse(test::kPersonneHeader, FileKind::PersonneActivite, error);
    REQUIRE(header);
    return Rows{*header, std::move(lines), {}};
}

const std::string kSecondPlace = with_field(with_field(kDoctorRow, 23, "F309000131"), 24, "CH DE NIMES");
const std::string kPhysio = with_field(with_field(kDoctorRow, 9, "70"), 15, "");

} // namespace

TEST_CASE("one practice per profession, one activity per place, in canonical order", "[unit][directory_sync]") {
    auto data = rows_of({kSecondPlace, kPhysio, kDoctorRow, kDoctorRow});
    auto rows = data.parse();
    const auto p = build_professional(rows, nullptr);
    CHECK(p.national_id == "819000123455");
    CHECK(p.family_name == "ROUSSEAU");
    CHECK(p.given_name == "Jérémy");
    REQUIRE(p.exercices.size() == 2);
    CHECK(p.exercices[0].codeProfession == "10");
    REQUIRE(p.exercices[0].activities.size() == 2); // the exact duplicate row is merged
    CHECK(p.exercices[0].activities[0].identifiantTechniqueDeLaStructure == "F309000131");
    CHECK(p.exercices[0].activities[1].identifiantTechniqueDeLaStructure == "R5000000");
    CHECK(p.exercices[1].codeProfession == "70");

    auto reordered = rows_of({kDoctorRow, kPhysio, kSecondPlace});
    auto rows2 = reordered.parse();
    const auto q = build_professional(rows2, nullptr);
    CHECK(changed_fields(p, q).empty());
}

TEST_CASE("a row without activity gives a practice without activity", "[unit][directory_sync]") {
    std::string student = kDoctorRow;
    for (std::size_t i = 17; i < 56; ++i)
        student = with_field(student, i, "");
    auto data = rows_of({student});
    auto rows = data.parse();
    const auto p = build_professional(rows, nullptr);
    REQUIRE(p.exercices.size() == 1);
    CHECK(p.exercices[0].activities.empty());
    CHECK(place_key(rows[0]).empty());
}

TEST_CASE("SavoirFaire fills a practice's missing specialty", "[unit][directory_sync]") {
    SavoirFaireIndex index;
    REQUIRE(index.add(national_key("819000123455"), "70", "CEX", "SKI01"));
    CHECK_FALSE(index.add(national_key("819000123455"), "70", "CEX", "A-CODE-FAR-TOO-LONG"));
    index.seal();
    auto data = rows_of({kDoctorRow, kPhysio});
    auto rows = data.parse();
    const auto p = build_professional(rows, &index);
    CHECK(p.exercices[0].codeSavoirFaire == "SM53"); // published on the row: kept
    CHECK(p.exercices[1].codeSavoirFaire == "SKI01");
    CHECK(p.exercices[1].codeTypeSavoirFaire == "CEX");
    CHECK(index.digest_for(national_key("819000123455")) != 0);
    CHECK(index.digest_for(national_key("810000000009")) == 0);
}

TEST_CASE("row hashes ignore labels but not stored fields", "[unit][directory_sync]") {
    auto data = rows_of(
        {kDoctorRow, with_field(kDoctorRow, 10, "Médecin (libellé revu)"), with_field(kDoctorRow, 7, "ROUSSEL")});
    auto rows = data.parse();
    CHECK(row_hash(rows[0]) == row_hash(rows[1]));
    CHECK(row_hash(rows[0]) != row_hash(rows[2]));
}

TEST_CASE("place keys and digests agree between rows and activities", "[unit][directory_sync]") {
    std::string unnamed = with_field(with_field(kDoctorRow, 23, ""), 19, "");
    auto data = rows_of({kDoctorRow, unnamed});
    auto rows = data.parse();
    CHECK(place_key(rows[0]) == "R5000000");
    CHECK(place_key(rows[1]).rfind("L:", 0) == 0); // a local key for a place without national id
    for (const auto& row : rows) {
        CHECK(place_key(row) == esc::storage::structure_key(make_activity(row)));
        CHECK(place_digest(row) == place_digest(make_activity(row)));
    }
    CHECK(place_digest(rows[0]) != place_digest(rows[1]));
}

TEST_CASE("changed_fields names what differs", "[unit][directory_sync]") {
    auto data = rows_of({kDoctorRow});
    auto rows = data.parse();
    const auto before = build_professional(rows, nullptr);
    auto renamed = before;
    renamed.family_name = renamed.exercices[0].nomDexercice = "ROUSSEL";
    CHECK(join_fields(changed_fields(before, renamed)) == "name");
    auto moved = before;
    moved.exercices[0].activities[0].identifiantTechniqueDeLaStructure = "F309000131";
    CHECK(join_fields(changed_fields(before, moved)) == "activities,structures");
    auto readdressed = before;
    readdressed.exercices[0].activities[0].libelleVoie = "JAURES";
    CHECK(join_fields(changed_fields(before, readdressed)) == "structures");
    auto other = before;
    other.exercices[0].codeProfession = "80";
    other.active = false;
    CHECK(join_fields(changed_fields(before, other)) == "profession,activities,structures,active");
}

TEST_CASE("FlatMap64 stores, overwrites and grows", "[unit][directory_sync]") {
    FlatMap64 map(4);
    for (std::uint64_t k = 1; k <= 10000; ++k)
        map.put(k * 0x9e3779b97f4a7c15ULL | 1, k);
    CHECK(map.size() == 10000);
    CHECK(*map.get(5 * 0x9e3779b97f4a7c15ULL | 1) == 5);
    map.put(5 * 0x9e3779b97f4a7c15ULL | 1, 42);
    CHECK(*map.get(5 * 0x9e3779b97f4a7c15ULL | 1) == 42);
    CHECK(map.size() == 10000);
    CHECK(map.get(2) == nullptr);
}
