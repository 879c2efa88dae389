#include <catch2/catch.hpp>

#include "domain/csv_export.hpp"

using esc::domain::csv_cell;
using esc::domain::csv_line;

TEST_CASE("CSV cells are quoted only when they must be", "[unit][csv]") {
    CHECK(csv_cell("medecin") == "medecin");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("dit \"non\"") == "\"dit \"\"non\"\"\"");
    CHECK(csv_cell("deux\nlignes") == "\"deux\nlignes\"");
    CHECK(csv_line({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}

TEST_CASE("a CSV cell never starts a spreadsheet formula", "[unit][csv]") {
    CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_cell("+33 6") == "'+33 6");
    CHECK(csv_cell("-1") == "'-1");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("\tx") == "'\tx");
}
