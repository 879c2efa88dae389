#pragma once
#include <string>
#include <string_view>
#include <vector>

// The file an administrator imports to provision CPS calculators (`idp ocra import FILE`): one
// token per line, `serial;account;secret`, where account is the holder's login or national id
// (RPPS/ADELI number or the 10/8 + number form) and secret the token's key in hexadecimal, as the
// manufacturer delivers it. Blank lines and lines starting with '#' are skipped, and so is a first
// line naming the columns. The file is read whole before anything is written: one bad line and
// nothing is imported.
namespace esc::domain {

struct OcraImportLine {
    int line = 0; // 1-based, for messages
    std::string serial;
    std::string account;
    std::string key; // raw bytes
};

struct OcraImportError {
    int line = 0;
    std::string message; // English, for the operator's terminal
};

struct OcraImport {
    std::vector<OcraImportLine> tokens;
    std::vector<OcraImportError> errors;
};

// Serials: 1..64 of [A-Za-z0-9_-]; accounts: 1..256 printable characters; keys: 16..64 bytes
// (RFC 6287 tokens use 20, 32 or 64). A serial given twice is an error on its second line.
OcraImport parse_ocra_import(std::string_view text);

} // namespace esc::domain
