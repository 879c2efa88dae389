#pragma once
#include <ostream>
#include <string_view>

#include "crypto/key_wrap.hpp"
#include "domain/time.hpp"
#include "storage/store.hpp"

// `idp ocra import FILE`: provisions CPS calculators from an administrator's file
// (domain/ocra_import.hpp). Every line is checked, and every holder found, before anything is
// written; the secrets are stored wrapped under the key-encryption key, never in clear.
namespace esc::app {

struct OcraImportOptions {
    // A serial already provisioned is skipped (reported) instead of failing the whole file, so the
    // same file can be imported again (the demo does, at every start).
    bool skip_existing = false;
};

// 0 when imported (or nothing to do), 1 when the file has errors (each reported on `err`, nothing
// written). A summary goes to `out`.
int import_ocra_tokens(storage::Store& store, const crypto::KeyEncryptionKey& kek, std::string_view file_text,
                       const OcraImportOptions& options, domain::UnixTime now, std::ostream& out, std::ostream& err);

} // namespace esc::app
