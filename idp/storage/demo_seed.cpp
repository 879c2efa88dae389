#include "storage/demo_seed.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "crypto/password.hpp"

namespace esc::storage {
namespace {

using nlohmann::json;

// JSON keys are the domain field names, so the file reads like the PSC SubjectRefPro claim.
const std::pair<const char*, std::string domain::Activity::*> kActivityFields[] = {
    {"codeModeExercice", &domain::Activity::codeModeExercice},
    {"codeSecteurDactivite", &domain::Activity::codeSecteurDactivite},
    {"codeSectionPharmacien", &domain::Activity::codeSectionPharmacien},
    {"codeRole", &domain::Activity::codeRole},
    {"codeGenreActivite", &domain::Activity::codeGenreActivite},
    {"numeroSiretSite", &domain::Activity::numeroSiretSite},
    {"numeroSirenSite", &domain::Activity::numeroSirenSite},
    {"numeroFinessSite", &domain::Activity::numeroFinessSite},
    {"numeroFinessetablissementJuridique", &domain::Activity::numeroFinessetablissementJuridique},
    {"identifiantTechniqueDeLaStructure", &domain::Activity::identifiantTechniqueDeLaStructure},
    {"raisonSocialeSite", &domain::Activity::raisonSocialeSite},
    {"enseigneCommercialeSite", &domain::Activity::enseigneCommercialeSite},
    {"complementDestinataire", &domain::Activity::complementDestinataire},
    {"complementPointGeographique", &domain::Activity::complementPointGeographique},
    {"numeroVoie", &domain::Activity::numeroVoie},
    {"indiceRepetitionVoie", &domain::Activity::indiceRepetitionVoie},
    {"codeTypeDeVoie", &domain::Activity::codeTypeDeVoie},
    {"libelleVoie", &domain::Activity::libelleVoie},
    {"mentionDistribution", &domain::Activity::mentionDistribution},
    {"bureauCedex", &domain::Activity::bureauCedex},
    {"codePostal", &domain::Activity::codePostal},
    {"codeCommune", &domain::Activity::codeCommune},
    {"libelleCommune", &domain::Activity::libelleCommune},
    {"codePays", &domain::Activity::codePays},
    {"telephone", &domain::Activity::telephone},
    {"telephone2", &domain::Activity::telephone2},
    {"telecopie", &domain::Activity::telecopie},
    {"adresseEMail", &domain::Activity::adresseEMail},
    {"codeDepartement", &domain::Activity::codeDepartement},
    {"ancienIdentifiantDeLaStructure", &domain::Activity::ancienIdentifiantDeLaStructure},
    {"autoriteDenregistrement", &domain::Activity::autoriteDenregistrement},
};

const std::pair<const char*, std::string domain::Exercice::*> kExerciceFields[] = {
    {"codeProfession", &domain::Exercice::codeProfession},
    {"codeCategorieProfessionnelle", &domain::Exercice::codeCategorieProfessionnelle},
    {"codeCiviliteDexercice", &domain::Exercice::codeCiviliteDexercice},
    {"nomDexercice", &domain::Exercice::nomDexercice},
    {"prenomDexercice", &domain::Exercice::prenomDexercice},
    {"codeTypeSavoirFaire", &domain::Exercice::codeTypeSavoirFaire},
    {"codeSavoirFaire", &domain::Exercice::codeSavoirFaire},
};

const std::pair<const char*, std::string domain::Professional::*> kProfessionalFields[] = {
    {"national_id", &domain::Professional::national_id}, {"id_type", &domain::Professional::id_type},
    {"identifier", &domain::Professional::identifier},   {"codeCivilite", &domain::Professional::codeCivilite},
    {"family_name", &domain::Professional::family_name}, {"given_name", &domain::Professional::given_name},
};

// Where an error was found, for messages such as "accounts.json: entry 3 (login "kine"): ...".
struct Context {
    std::string where;
    [[noreturn]] void fail(const std::string& problem) const {
        throw std::runtime_error("demo seed: " + where + ": " + problem);
    }
};

// Every key must be known: a misspelt field would otherwise silently become "".
void check_keys(const json& object, const std::set<std::string>& known, const Context& context) {
    if (!object.is_object()) context.fail("expected a JSON object");
    for (const auto& item : object.items())
        if (!known.count(item.key())) context.fail("unknown key \"" + item.key() + "\"");
}

std::string string_at(const json& object, const char* key, const Context& context) {
    auto it = object.find(key);
    if (it == object.end()) return {};
    if (!it->is_string()) context.fail(std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
}

template <typename T, std::size_t N>
void read_strings(const json& object, T& target, const std::pair<const char*, std::string T::*> (&fields)[N],
                  const Context& context, std::set<std::string>& known) {
    for (const auto& [key, member] : fields) {
        target.*member = string_at(object, key, context);
        known.insert(key);
    }
}

template <typename T, std::size_t N>
json write_strings(const T& source, const std::pair<const char*, std::string T::*> (&fields)[N]) {
    json object = json::object();
    for (const auto& [key, member] : fields)
        object[key] = source.*member;
    return object;
}

json to_json(const domain::Professional& professional) {
    json out = write_strings(professional, kProfessionalFields);
    out["active"] = professional.active;
    out["mssante_addresses"] = professional.mssante_addresses;
    out["exercices"] = json::array();
    for (const auto& exercice : professional.exercices) {
        json practice = write_strings(exercice, kExerciceFields);
        practice["activities"] = json::array();
        for (const auto& activity : exercice.activities)
            practice["activities"].push_back(write_strings(activity, kActivityFields));
        out["exercices"].push_back(std::move(practice));
    }
    return out;
}

domain::Activity parse_activity(const json& object, const Context& context) {
    domain::Activity activity;
    std::set<std::string> known;
    if (!object.is_object()) context.fail("expected a JSON object");
    read_strings(object, activity, kActivityFields, context, known);
    check_keys(object, known, context);
    return activity;
}

domain::Exercice parse_exercice(const json& object, const Context& context) {
    domain::Exercice exercice;
    std::set<std::string> known{"activities"};
    if (!object.is_object()) context.fail("expected a JSON object");
    read_strings(object, exercice, kExerciceFields, context, known);
    check_keys(object, known, context);
    if (exercice.codeProfession.empty()) context.fail("\"codeProfession\" is required");
    const json activities = object.value("activities", json::array());
    if (!activities.is_array()) context.fail("\"activities\" must be an array");
    for (std::size_t i = 0; i < activities.size(); ++i)
        exercice.activities.push_back(
            parse_activity(activities[i], {context.where + ", activity " + std::to_string(i + 1)}));
    return exercice;
}

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Luhn (ISO/IEC 7812-1 annex B): RPPS numbers carry it, and PSC test ids (997...) too.
bool luhn_valid(const std::string& digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int d = *it - '0';
        if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

// Identification nationale PP = id type digit + identifier (TRE_G08: 8 RPPS, 0 ADELI).
void check_identity(const domain::Professional& professional, const Context& context) {
    if (professional.national_id != professional.id_type + professional.identifier)
        context.fail("\"national_id\" must be \"id_type\" followed by \"identifier\"");
    if (professional.id_type == "8") {
        if (professional.identifier.size() != 11 || !all_digits(professional.identifier) ||
            !luhn_valid(professional.identifier))
            context.fail("an RPPS identifier is 11 digits with a valid Luhn key");
    } else if (professional.id_type == "0") {
        if (professional.identifier.size() != 9 || !all_digits(professional.identifier))
            context.fail("an ADELI identifier is 9 digits");
    } else {
        context.fail("\"id_type\" must be \"8\" (RPPS) or \"0\" (ADELI)");
    }
}

domain::Professional parse_professional(const json& object, const Context& context) {
    domain::Professional professional;
    std::set<std::string> known{"active", "mssante_addresses", "exercices"};
    if (!object.is_object()) context.fail("expected a JSON object");
    read_strings(object, professional, kProfessionalFields, context, known);
    check_keys(object, known, context);
    check_identity(professional, context);
    const json active = object.value("active", json(true));
    if (!active.is_boolean()) context.fail("\"active\" must be true or false");
    professional.active = active.get<bool>();
    const json addresses = object.value("mssante_addresses", json::array());
    if (!addresses.is_array()) context.fail("\"mssante_addresses\" must be an array");
    for (const auto& address : addresses) {
        if (!address.is_string()) context.fail("\"mssante_addresses\" must hold strings");
        professional.mssante_addresses.push_back(address.get<std::string>());
    }
    const json exercices = object.value("exercices", json::array());
    if (!exercices.is_array()) context.fail("\"exercices\" must be an array");
    for (std::size_t i = 0; i < exercices.size(); ++i)
        professional.exercices.push_back(
            parse_exercice(exercices[i], {context.where + ", exercice " + std::to_string(i + 1)}));
    return professional;
}

json read_array_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("demo seed: cannot read " + path);
    json document = json::parse(in, nullptr, false);
    if (document.is_discarded()) throw std::runtime_error("demo seed: " + path + ": not valid JSON");
    if (!document.is_array()) throw std::runtime_error("demo seed: " + path + ": expected a JSON array");
    return document;
}

std::string entry_name(const std::string& path, std::size_t index, const json& entry, const char* key) {
    std::string name = path + ": entry " + std::to_string(index + 1);
    if (entry.is_object() && entry.contains(key) && entry[key].is_string())
        name += std::string(" (") + key + " \"" + entry[key].get<std::string>() + "\")";
    return name;
}

int seed_professionals(Store& store, const std::string& path) {
    const json entries = read_array_file(path);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Context context{entry_name(path, i, entries[i], "national_id")};
        domain::Professional professional = parse_professional(entries[i], context);
        if (!seen.insert(professional.national_id).second) context.fail("national id listed twice");
        auto stored = store.directory().find_professional(professional.national_id);
        if (!stored || to_json(*stored) != to_json(professional)) store.directory().put_professional(professional);
    }
    return static_cast<int>(entries.size());
}

void seed_account(Store& store, const json& entry, const Context& context, std::set<std::string>& logins) {
    check_keys(entry, {"login", "national_id", "email", "email_verified", "password", "services"}, context);
    domain::Account account;
    account.login = string_at(entry, "login", context);
    account.national_id = string_at(entry, "national_id", context);
    account.email = string_at(entry, "email", context);
    const std::string password = string_at(entry, "password", context);
    if (account.login.empty()) context.fail("\"login\" is required");
    if (!logins.insert(account.login).second) context.fail("login listed twice");
    if (password.empty()) context.fail("\"password\" is required");
    const json verified = entry.value("email_verified", json(true));
    if (!verified.is_boolean()) context.fail("\"email_verified\" must be true or false");
    account.email_verified = verified.get<bool>();
    if (!account.national_id.empty() && !store.directory().find_professional(account.national_id))
        context.fail("national id " + account.national_id + " is not in professionals.json");

    auto existing = store.accounts().find_by_login(account.login);
    if (existing && crypto::verify_password(existing->password_hash, password)) {
        account.password_hash = existing->password_hash;
        account.created_at = existing->created_at;
    } else {
        account.password_hash = crypto::hash_password(password);
        account.created_at = domain::SystemClock().now();
    }
    // Each seeding makes the shared sandbox password current again: a demo login never meets the
    // expiry rule (the tests of that rule set their own dates).
    account.password_changed_at = domain::SystemClock().now();
    const auto id = store.accounts().upsert(account);
    // Services a referent already accepted for this sandbox identity (issue 9): granted once, the
    // grant in the audit log like any other.
    const json services = entry.value("services", json::array());
    if (!services.is_array()) context.fail("\"services\" must be an array of client ids");
    for (const auto& service : services) {
        if (!service.is_string() || service.get<std::string>().empty())
            context.fail("\"services\" must be an array of client ids");
        const auto client = service.get<std::string>();
        if (auto current = store.access().find(id, client); current && current->state == domain::AccessState::accepted)
            continue;
        domain::AuditEntry audit;
        audit.at = domain::SystemClock().now();
        audit.actor = "demo-seed";
        audit.action = "access.grant";
        audit.target = "access:" + std::to_string(id) + ":" + client;
        audit.after = R"({"state":"accepted"})";
        store.access().grant(id, client, "demo-seed", audit.at, {}, audit);
    }
}

int seed_accounts(Store& store, const std::string& path) {
    const json entries = read_array_file(path);
    std::set<std::string> logins;
    for (std::size_t i = 0; i < entries.size(); ++i)
        seed_account(store, entries[i], {entry_name(path, i, entries[i], "login")}, logins);
    return static_cast<int>(entries.size());
}

} // namespace

SeedReport load_demo_seed(Store& store, const std::string& demo_dir) {
    SeedReport report;
    report.professionals = seed_professionals(store, demo_dir + "/professionals.json");
    report.accounts = seed_accounts(store, demo_dir + "/accounts.json");
    return report;
}

} // namespace esc::storage
