#include "app/ocra_tokens.hpp"

#include <algorithm>

#include "domain/ocra_import.hpp"
#include "storage/account_lookup.hpp"

namespace esc::app {

int import_ocra_tokens(storage::Store& store, const crypto::KeyEncryptionKey& kek, std::string_view file_text,
                       const OcraImportOptions& options, domain::UnixTime now, std::ostream& out, std::ostream& err) {
    auto parsed = domain::parse_ocra_import(file_text);
    auto errors = parsed.errors;
    std::vector<domain::OcraToken> tokens;
    for (const auto& line : parsed.tokens) {
        auto account = storage::find_account_named(store.accounts(), line.account);
        if (!account) {
            errors.push_back({line.line, "no account with login or national id " + line.account});
            continue;
        }
        if (account->status != domain::AccountStatus::active) {
            errors.push_back({line.line, "the account " + account->login + " is not active"});
            continue;
        }
        domain::OcraToken t;
        t.serial = line.serial;
        t.account_id = account->id;
        t.wrapped_key = crypto::wrap_secret(kek, line.key, "ocra:" + line.serial);
        t.created_at = now;
        tokens.push_back(std::move(t));
    }
    std::sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    for (const auto& e : errors)
        err << "line " << e.line << ": " << e.message << "\n";
    if (!errors.empty()) {
        err << errors.size() << " line(s) in error: nothing imported\n";
        return 1;
    }
    int skipped = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto taken = store.credentials().add_ocra_tokens(tokens);
        if (taken.empty()) break;
        if (!options.skip_existing || attempt == 1) {
            for (const auto& serial : taken)
                err << "serial " << serial << " is already provisioned\n";
            err << "nothing imported (--existing skip imports the others)\n";
            return 1;
        }
        std::erase_if(tokens, [&](const domain::OcraToken& t) {
            return std::find(taken.begin(), taken.end(), t.serial) != taken.end();
        });
        skipped = static_cast<int>(taken.size());
    }
    out << "imported " << tokens.size() << " OCRA token(s)";
    if (skipped > 0) out << ", skipped " << skipped << " already provisioned";
    out << "\n";
    return 0;
}

} // namespace esc::app
