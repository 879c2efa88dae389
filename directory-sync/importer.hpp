#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "input_file.hpp"
#include "report.hpp"
#include "storage/directory_import.hpp"
#include "storage/store.hpp"

// One `directory-sync import` run: validate the extraction files, diff them against the store,
// apply the differences in one transaction, journal them and record the run.
namespace esc::directory_sync {

struct ImportOptions {
    std::string personne_activite; // required
    std::string savoir_faire;      // optional
    std::string finess;            // optional
    std::string mssante;           // optional
    bool dry_run = false;
    double max_reject_share = 0.01; // of each file's data lines
    double min_row_ratio = 0.9;     // accepted rows against the previous applied run
    double max_row_ratio = 1.2;
    bool force = false;       // skip the row-count band check (first import of a new source)
    std::string rejects_path; // rejects file ("" = none)
    std::uint64_t max_unzipped_bytes = kDefaultMaxUnzippedBytes; // per extracted ZIP member (zip bombs)
};

// Exit codes of the CLI (docs/directory-sync.md).
constexpr int kExitApplied = 0; // applied, unchanged, or dry-run done
constexpr int kExitRefused = 1; // refused (thresholds, format) or failed; the store is unchanged
constexpr int kExitUsage = 2;

struct ImportReport {
    int exit_code = kExitApplied;
    nlohmann::json summary;
};

// `directory` is the idp's read path (old state of changed professionals, for the journal).
ImportReport run_import(const ImportOptions& options, storage::DirectoryImportStore& store,
                        storage::DirectoryStore& directory, Progress& progress);

} // namespace esc::directory_sync
