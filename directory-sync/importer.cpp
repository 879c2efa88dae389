#include "importer.hpp"

#include <chrono>
#include <map>
#include <memory>

#include "import_parts.hpp"

namespace esc::directory_sync {
namespace {

using Json = nlohmann::json;

struct Inputs {
    std::unique_ptr<InputFile> personne, savoir_faire, finess, mssante;
};

Json describe(const char* kind, const std::unique_ptr<InputFile>& file) {
    if (!file) return nullptr;
    return {
        {"kind", kind}, {"path", file->given_path()}, {"bytes", file->given_bytes()}, {"sha256", file->sha256_hex()}};
}

Json describe_all(const Inputs& in) {
    Json list = Json::array();
    for (auto [kind, file] : {std::pair{"personne_activite", &in.personne},
                              {"savoir_faire", &in.savoir_faire},
                              {"finess", &in.finess},
                              {"mssante", &in.mssante}})
        if (*file) list.push_back(describe(kind, *file));
    return list;
}

void check_share(const char* what, std::uint64_t rejected, std::uint64_t lines, double max_share) {
    if (lines == 0 || static_cast<double>(rejected) <= max_share * static_cast<double>(lines)) return;
    throw Refusal(std::string(what) + ": " + std::to_string(rejected) + " of " + std::to_string(lines) +
                  " lines rejected, more than the allowed " + std::to_string(max_share * 100) +
                  "% (--max-reject-share): the file looks damaged, nothing was applied");
}

// A truncated download must not wipe the directory (issue 3, "Validation").
void check_band(const ImportOptions& options, storage::DirectoryImportStore& store, std::uint64_t rows) {
    const auto previous = store.previous_rows();
    if (options.force || !previous || *previous == 0) return;
    const double ratio = static_cast<double>(rows) / static_cast<double>(*previous);
    if (ratio >= options.min_row_ratio && ratio <= options.max_row_ratio) return;
    throw Refusal("accepted rows " + std::to_string(rows) + " against " + std::to_string(*previous) +
                  " in the previous run (ratio " + std::to_string(ratio) + ", allowed " +
                  std::to_string(options.min_row_ratio) + ".." + std::to_string(options.max_row_ratio) +
                  "): refusing a possibly truncated or wrong file; use --force if this is expected");
}

void increment(Json& counter) {
    counter = counter.get<std::uint64_t>() + 1;
}

const char* action_name(Action action) {
    return action == Action::Added ? "added" : action == Action::Changed ? "changed" : "reactivated";
}

class Run {
public:
    Run(const ImportOptions& options, storage::DirectoryImportStore& store, storage::DirectoryStore& directory,
        Progress& progress, Rejects& rejects, Inputs& in, Json& summary, std::int64_t run_id, domain::UnixTime now,
        std::chrono::steady_clock::time_point started)
        : options(options), store(store), directory(directory), progress(progress), rejects(rejects), in(in),
          summary(summary), run_id(run_id), now(now), started(started) {}

    std::string execute(); // returns the run status

private:
    const ImportOptions& options;
    storage::DirectoryImportStore& store;
    storage::DirectoryStore& directory;
    Progress& progress;
    Rejects& rejects;
    Inputs& in;
    Json& summary;
    std::int64_t run_id;
    domain::UnixTime now;
    std::chrono::steady_clock::time_point started;

    const std::string pa_label = "Personne_activite";
    std::int64_t version_before = 0;
    bool initial = false;
    std::unique_ptr<PersonneIndex> index;
    std::unique_ptr<SavoirFaireIndex> savoir_faire;
    std::unique_ptr<FinessPlan> finess;
    std::unique_ptr<MssantePlan> mssante;

    void validate();
    void summarize(const PersonnePlan& plan);
    std::string apply(PersonnePlan& plan);
    bool changed(const Json& counts) const;
};

// Reads every input once, rejecting bad lines, and refuses the run before anything is written.
void Run::validate() {
    version_before = store.version();
    initial = store.professional_count() == 0;
    FlatMap64 stored_places(1024);
    store.scan_structures(
        [&](std::string_view key, std::uint64_t digest) { stored_places.put(place_hash(std::string(key)), digest); });
    index = std::make_unique<PersonneIndex>(index_personne(*in.personne, pa_label, stored_places, rejects, progress));
    check_share(pa_label.c_str(), index->rejected, index->data_lines, options.max_reject_share);
    check_band(options, store, index->lines.size());
    if (in.savoir_faire) {
        Json stats;
        savoir_faire =
            std::make_unique<SavoirFaireIndex>(load_savoir_faire(*in.savoir_faire, "SavoirFaire", rejects, stats));
        check_share("SavoirFaire", stats["rejected"], stats["lines"], options.max_reject_share);
        summary["savoir_faire"] = stats;
    }
    if (in.finess) {
        finess = std::make_unique<FinessPlan>(diff_finess(*in.finess, "FINESS", store, rejects));
        check_share("FINESS", finess->rejected, finess->data_lines, options.max_reject_share);
    }
    if (in.mssante) {
        mssante = std::make_unique<MssantePlan>(diff_mssante(*in.mssante, "MSSante", store, rejects));
        check_share("MSSante", mssante->rejected, mssante->lines, options.max_reject_share);
        mssante->changed = mssante_changed_count(*in.mssante, *mssante);
    }
}

void Run::summarize(const PersonnePlan& plan) {
    summary["personne_activite"] = {{"lines", index->data_lines},         {"accepted", index->lines.size()},
                                    {"rejected", index->rejected},        {"repaired", index->repaired},
                                    {"duplicates", index->duplicates},    {"distinct_rows", plan.distinct_rows},
                                    {"professionals", plan.professionals}};
    if (finess) {
        summary["finess"] = {{"records", finess->records},
                             {"rejected", finess->rejected},
                             {"other_records", finess->other},
                             {"added", 0},
                             {"changed", 0},
                             {"removed", finess->removed.size()}};
        for (const auto& [key, fields] : finess->to_put)
            increment(summary["finess"][finess->stored.count(key) ? "changed" : "added"]);
    }
    if (mssante)
        summary["mssante"] = {{"lines", mssante->lines},
                              {"rejected", mssante->rejected},
                              {"repaired", mssante->repaired},
                              {"duplicates", mssante->duplicates},
                              {"changed", mssante->changed},
                              {"added", mssante->to_add.size() - mssante->changed},
                              {"removed", mssante->removed.size() - mssante->changed}};
    summary["professionals"] = {{"added", 0},
                                {"changed", 0},
                                {"reactivated", 0},
                                {"removed", plan.removed.size()},
                                {"unchanged", plan.unchanged}};
    for (const Action action : plan.actions)
        increment(summary["professionals"][action_name(action)]);
    summary["structures"] = {{"added", index->places_added}, {"changed", index->places_changed}};
}

bool Run::changed(const Json& counts) const {
    for (const char* key : {"added", "changed", "reactivated", "removed", "structures_added", "structures_changed"})
        if (counts[key].get<std::uint64_t>() > 0) return true;
    return (finess && (!finess->to_put.empty() || !finess->removed.empty())) ||
           (mssante && (mssante->to_add.size() > 0 || !mssante->removed_rows.empty()));
}

// Writes the differences in one transaction, with the journal and the run record.
std::string Run::apply(PersonnePlan& plan) {
    std::multimap<std::string, std::string> overrides;
    for (auto& [id, field] : store.overrides())
        overrides.emplace(std::move(id), std::move(field));
    // From here on, only the session's connection is used (a bulk session may hold the file alone).
    auto session = store.begin(run_id, initial, now);
    if (!initial && store.version() != version_before)
        throw Refusal("the directory changed while this run compared it (another writer): nothing applied, rerun");
    const Json counts =
        apply_personne(*in.personne, *index, savoir_faire.get(), plan, *session, overrides, pa_label, progress);
    if (initial) {
        for (const char* key : {"distinct_rows", "professionals"})
            summary["personne_activite"][key] = counts[key];
        session->journal(
            {"directory", "national", "", "loaded",
             "professionals=" + counts["added"].dump() + ",structures=" + counts["structures_added"].dump()});
    }
    if (finess) apply_finess(*in.finess, *finess, *session, !initial);
    if (mssante) apply_mssante(*in.mssante, *mssante, *session, !initial);
    for (const char* key : {"added", "changed", "reactivated", "removed"})
        summary["professionals"][key] = counts[key];
    summary["structures"] = {{"added", counts["structures_added"]}, {"changed", counts["structures_changed"]}};
    summary["override_notices"] = counts["override_notices"];
    if (rejects.written()) summary["rejects_file"] = rejects.path();
    const bool any = changed(counts);
    const std::string status = any ? "applied" : "unchanged";
    summary["status"] = status;
    summary["inputs"] = describe_all(in);
    summary["directory_version"] = version_before + (any ? 1 : 0);
    summary["duration_ms"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    session->commit({status, summary.dump(), static_cast<std::int64_t>(index->lines.size()),
                     summary["duration_ms"].get<std::int64_t>(),
                     any ? "" : "same data as the directory: nothing changed"},
                    any);
    return status;
}

std::string Run::execute() {
    validate();
    PersonnePlan plan = initial && !options.dry_run ? plan_initial_load(*index)
                                                    : diff_personne(*in.personne, *index, savoir_faire.get(), store,
                                                                    directory, pa_label, progress);
    summarize(plan);
    if (options.dry_run) return "dry-run";
    return apply(plan);
}

} // namespace

ImportReport run_import(const ImportOptions& options, storage::DirectoryImportStore& store,
                        storage::DirectoryStore& directory, Progress& progress) {
    const auto started = std::chrono::steady_clock::now();
    const domain::UnixTime now = domain::SystemClock().now();
    ImportReport report;
    Json& summary = report.summary;
    summary = {{"dry_run", options.dry_run}};
    Inputs in;
    in.personne =
        std::make_unique<InputFile>(options.personne_activite, "Personne_activite", options.max_unzipped_bytes);
    if (!options.savoir_faire.empty())
        in.savoir_faire = std::make_unique<InputFile>(options.savoir_faire, "SavoirFaire", options.max_unzipped_bytes);
    if (!options.finess.empty())
        in.finess = std::make_unique<InputFile>(options.finess, "cs1100502", options.max_unzipped_bytes);
    if (!options.mssante.empty())
        in.mssante = std::make_unique<InputFile>(options.mssante, "MSSante", options.max_unzipped_bytes);
    const std::int64_t run_id = store.start_run(describe_all(in).dump(), now);
    summary["run_id"] = run_id;
    Rejects rejects(options.rejects_path);
    auto elapsed_ms = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count();
    };
    std::string status;
    try {
        Run run(options, store, directory, progress, rejects, in, summary, run_id, now, started);
        status = run.execute();
        if (status == "dry-run") {
            if (rejects.written()) summary["rejects_file"] = rejects.path();
            summary["duration_ms"] = elapsed_ms();
            summary["status"] = status;
            summary["inputs"] = describe_all(in);
            store.close_run(run_id, {status, summary.dump(), 0, elapsed_ms(), "dry run: nothing applied"}, now);
        }
        return report;
    } catch (const std::exception& error) {
        status = dynamic_cast<const Refusal*>(&error) ? "refused" : "failed";
        summary["status"] = status;
        summary["message"] = error.what();
        if (rejects.written()) summary["rejects_file"] = rejects.path();
        summary["inputs"] = describe_all(in);
        summary["duration_ms"] = elapsed_ms();
        store.close_run(run_id, {status, summary.dump(), 0, elapsed_ms(), error.what()}, now);
        report.exit_code = kExitRefused;
        return report;
    }
}

} // namespace esc::directory_sync
