// directory-sync: imports the national directory extractions into the idp's store.
// CLI and exit codes: docs/directory-sync.md.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "importer.hpp"
#include "storage/directory_import.hpp"
#include "storage/store.hpp"

namespace ds = esc::directory_sync;
using nlohmann::json;

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  directory-sync import --personne-activite F [--savoir-faire F] [--finess F] [--mssante F]\n"
    "                        [--dry-run] [--json] [--quiet] [--rejects F (default DB.rejects-STAMP.tsv)]\n"
    "                        [--max-reject-share 0.01] [--max-unzipped-mib 4096]\n"
    "                        [--min-row-ratio 0.9] [--max-row-ratio 1.2] [--force]\n"
    "                        [--db PATH | --config conf/idp.toml]\n"
    "  directory-sync runs [--limit N] [--json] [--db PATH | --config F]\n"
    "  directory-sync show <national id> [--db PATH | --config F]\n"
    "Files may be the .txt/.csv or the published .zip. Exit: 0 applied/unchanged, 1 refused or failed, 2 usage.\n";

struct Args {
    std::string command, db, config, national_id;
    ds::ImportOptions import;
    bool json = false, quiet = false;
    int limit = 20;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "directory-sync: " << problem << "\n" << kUsage;
    std::exit(ds::kExitUsage);
}

double number(const std::string& flag, const char* value) {
    char* end = nullptr;
    const double parsed = std::strtod(value, &end);
    if (!end || *end != '\0' || parsed < 0) usage(flag + " needs a non-negative number");
    return parsed;
}

Args parse(int argc, char** argv) {
    if (argc < 2) usage("missing command");
    Args args;
    args.command = argv[1];
    if (args.command == "-h" || args.command == "--help") {
        std::cout << kUsage;
        std::exit(0);
    }
    if (args.command != "import" && args.command != "runs" && args.command != "show")
        usage("unknown command " + args.command);
    auto& o = args.import;
    for (int i = 2; i < argc; ++i) {
        const std::string flag = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--personne-activite")
            o.personne_activite = value();
        else if (flag == "--savoir-faire")
            o.savoir_faire = value();
        else if (flag == "--finess")
            o.finess = value();
        else if (flag == "--mssante")
            o.mssante = value();
        else if (flag == "--rejects")
            o.rejects_path = value();
        else if (flag == "--max-reject-share")
            o.max_reject_share = number(flag, value());
        else if (flag == "--max-unzipped-mib") {
            const double mib = number(flag, value());
            if (mib < 1) usage(flag + " needs at least 1 (MiB per extracted ZIP member)");
            o.max_unzipped_bytes = static_cast<std::uint64_t>(mib * 1024 * 1024);
        } else if (flag == "--min-row-ratio")
            o.min_row_ratio = number(flag, value());
        else if (flag == "--max-row-ratio")
            o.max_row_ratio = number(flag, value());
        else if (flag == "--dry-run")
            o.dry_run = true;
        else if (flag == "--force")
            o.force = true;
        else if (flag == "--json")
            args.json = true;
        else if (flag == "--quiet")
            args.quiet = true;
        else if (flag == "--db")
            args.db = value();
        else if (flag == "--config")
            args.config = value();
        else if (flag == "--limit")
            args.limit = static_cast<int>(number(flag, value()));
        else if (args.command == "show" && args.national_id.empty() && flag[0] != '-')
            args.national_id = flag;
        else
            usage("unknown argument " + flag);
    }
    if (args.command == "import" && o.personne_activite.empty()) usage("import needs --personne-activite");
    if (args.command == "show" && args.national_id.empty()) usage("show needs a national id");
    if (!args.db.empty() && !args.config.empty()) usage("give --db or --config, not both");
    return args;
}

std::string database_path(const Args& args) {
    if (!args.db.empty()) return args.db;
    const std::string config = args.config.empty() ? "conf/idp.toml" : args.config;
    if (access(config.c_str(), R_OK) != 0) usage("no --db given and " + config + " is not readable");
    auto loaded = esc::config::load_config(config);
    if (!loaded.ok()) {
        for (const auto& error : loaded.errors)
            std::cerr << config << ": " << error.path << ": " << error.message << "\n";
        std::exit(ds::kExitRefused);
    }
    if (loaded.config.storage.backend != esc::storage::Backend::sqlite) {
        std::cerr << config << ": storage.backend is not \"sqlite\": directory-sync imports into a SQLite file "
                  << "(give it with --db)\n";
        std::exit(ds::kExitRefused);
    }
    return loaded.config.storage.path;
}

std::string when(esc::domain::UnixTime t) {
    if (t == 0) return "-";
    char text[32];
    const std::time_t seconds = t;
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", std::gmtime(&seconds));
    return text;
}

int import_command(const Args& args, const std::string& db) {
    // One import at a time: a second one waits for nothing and leaves (the timer retries).
    const std::string lock_path = db + ".directory-sync.lock";
    const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
        std::cerr << "directory-sync: another import holds " << lock_path << "\n";
        return ds::kExitRefused;
    }
    esc::storage::open_sqlite_store(db)->migrate(); // closed at once: an initial load may need the file alone
    ds::ImportOptions options = args.import;
    if (options.rejects_path.empty()) { // rejected lines are never dropped silently
        char stamp[32];
        const std::time_t t = std::time(nullptr);
        std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&t));
        options.rejects_path = db + ".rejects-" + stamp + ".tsv";
    }
    auto importer = esc::storage::open_sqlite_directory_import(db);
    ds::Progress progress(ds::Progress::detect(args.quiet || args.json));
    const auto report = ds::run_import(options, *importer, importer->directory(), progress);
    const auto& s = report.summary;
    if (args.json) {
        std::cout << s.dump(2) << "\n";
    } else {
        std::cout << "run " << s.value("run_id", 0) << ": " << s.value("status", std::string("?")) << "\n";
        if (s.contains("message")) std::cout << "  " << s["message"].get<std::string>() << "\n";
        for (const char* part : {"personne_activite", "professionals", "structures", "finess", "mssante"})
            if (s.contains(part)) std::cout << "  " << part << ": " << s[part].dump() << "\n";
        if (s.contains("rejects_file")) std::cout << "  rejects: " << s["rejects_file"].get<std::string>() << "\n";
    }
    return report.exit_code;
}

int runs_command(const Args& args, const std::string& db) {
    auto store = esc::storage::open_sqlite_store(db);
    store->migrate();
    auto importer = esc::storage::open_sqlite_directory_import(db);
    json list = json::array();
    for (const auto& run : importer->runs(args.limit)) {
        const json summary = json::parse(run.summary_json, nullptr, false);
        if (args.json) {
            list.push_back({{"id", run.id},
                            {"started_at", run.started_at},
                            {"finished_at", run.finished_at},
                            {"status", run.status},
                            {"rows", run.rows_accepted},
                            {"duration_ms", run.duration_ms},
                            {"message", run.message},
                            {"summary", summary},
                            {"inputs", json::parse(run.inputs_json, nullptr, false)}});
            continue;
        }
        std::cout << run.id << "  " << when(run.started_at) << "  " << run.status << "  rows=" << run.rows_accepted
                  << "  " << run.duration_ms << " ms";
        if (summary.is_object() && summary.contains("professionals"))
            std::cout << "  " << summary["professionals"].dump();
        if (!run.message.empty()) std::cout << "  " << run.message;
        std::cout << "\n";
    }
    if (args.json) std::cout << list.dump(2) << "\n";
    return 0;
}

int show_command(const Args& args, const std::string& db) {
    auto store = esc::storage::open_sqlite_store(db);
    store->migrate();
    const auto professional = store->directory().find_professional(args.national_id);
    if (!professional) {
        std::cerr << "directory-sync: " << args.national_id << " is not in the directory\n";
        return ds::kExitRefused;
    }
    json practices = json::array();
    for (const auto& e : professional->exercices) {
        json activities = json::array();
        for (const auto& a : e.activities)
            activities.push_back({{"structure", esc::storage::structure_key(a)},
                                  {"raison_sociale", a.raisonSocialeSite},
                                  {"mode", a.codeModeExercice},
                                  {"secteur", a.codeSecteurDactivite},
                                  {"commune", a.libelleCommune},
                                  {"role", a.codeRole},
                                  {"genre", a.codeGenreActivite}});
        practices.push_back({{"profession", e.codeProfession},
                             {"categorie", e.codeCategorieProfessionnelle},
                             {"nom", e.nomDexercice},
                             {"prenom", e.prenomDexercice},
                             {"savoir_faire", e.codeSavoirFaire},
                             {"activities", activities}});
    }
    auto importer = esc::storage::open_sqlite_directory_import(db);
    json changes = json::array();
    for (const auto& c : importer->changes_of(args.national_id, 20))
        changes.push_back({{"run", c.run_id},
                           {"at", when(c.at)},
                           {"entity", c.entity},
                           {"key", c.key},
                           {"action", c.action},
                           {"fields", c.fields}});
    const json out = {{"national_id", professional->national_id},   {"active", professional->active},
                      {"civilite", professional->codeCivilite},     {"family_name", professional->family_name},
                      {"given_name", professional->given_name},     {"exercices", practices},
                      {"mssante", professional->mssante_addresses}, {"changes", changes}};
    std::cout << out.dump(2) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    try {
        const std::string db = database_path(args);
        if (args.command == "import") return import_command(args, db);
        if (args.command == "runs") return runs_command(args, db);
        return show_command(args, db);
    } catch (const std::exception& error) {
        std::cerr << "directory-sync: " << error.what() << "\n";
        return ds::kExitRefused;
    }
}
