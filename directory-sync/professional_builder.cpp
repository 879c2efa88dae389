#include "professional_builder.hpp"

#include <algorithm>
#include <cstring>

#include "storage/directory_import.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

using domain::Activity;
using MemberCol = std::pair<std::string Activity::*, Col>;

// Activity members filled from a row, with their column.
constexpr MemberCol kActivityColumns[] = {
    {&Activity::codeModeExercice, Col::CodeModeExercice},
    {&Activity::codeSecteurDactivite, Col::CodeSecteur},
    {&Activity::codeSectionPharmacien, Col::CodeSectionPharmacien},
    {&Activity::codeRole, Col::CodeRole},
    {&Activity::codeGenreActivite, Col::CodeGenre},
    {&Activity::autoriteDenregistrement, Col::AutoriteEnregistrement},
    {&Activity::numeroSiretSite, Col::Siret},
    {&Activity::numeroSirenSite, Col::Siren},
    {&Activity::numeroFinessSite, Col::FinessSite},
    {&Activity::numeroFinessetablissementJuridique, Col::FinessJuridique},
    {&Activity::identifiantTechniqueDeLaStructure, Col::IdTechnique},
    {&Activity::raisonSocialeSite, Col::RaisonSociale},
    {&Activity::enseigneCommercialeSite, Col::Enseigne},
    {&Activity::complementDestinataire, Col::ComplementDestinataire},
    {&Activity::complementPointGeographique, Col::ComplementPointGeo},
    {&Activity::numeroVoie, Col::NumeroVoie},
    {&Activity::indiceRepetitionVoie, Col::IndiceRepetition},
    {&Activity::codeTypeDeVoie, Col::CodeTypeVoie},
    {&Activity::libelleVoie, Col::LibelleVoie},
    {&Activity::mentionDistribution, Col::MentionDistribution},
    {&Activity::bureauCedex, Col::BureauCedex},
    {&Activity::codePostal, Col::CodePostal},
    {&Activity::codeCommune, Col::CodeCommune},
    {&Activity::codePays, Col::CodePays},
    {&Activity::telephone, Col::Telephone},
    {&Activity::telephone2, Col::Telephone2},
    {&Activity::telecopie, Col::Telecopie},
    {&Activity::adresseEMail, Col::Email},
    {&Activity::codeDepartement, Col::CodeDepartement},
    {&Activity::ancienIdentifiantDeLaStructure, Col::AncienIdentifiant},
    {&Activity::libelleCommune, Col::LibelleCommune},
};
constexpr std::size_t kFirstPlaceMember = 6; // numeroSiretSite onwards describe the place

bool copy_fixed(char* out, std::size_t size, std::string_view value) {
    if (value.size() >= size) return false;
    std::memset(out, 0, size);
    std::memcpy(out, value.data(), value.size());
    return true;
}

// Profession first (practices are contiguous), then every stored field.
bool row_less(const PersonneRow& a, const PersonneRow& b) {
    const auto p = static_cast<std::size_t>(Col::CodeProfession);
    if (a.fields[p] != b.fields[p]) return a.fields[p] < b.fields[p];
    return a.fields < b.fields;
}

bool has_activity(const PersonneRow& row) {
    for (const auto& [member, col] : kActivityColumns)
        if (!row.get(col).empty()) return true;
    return false;
}

// Forward declaration: SavoirFaireIndex::find is defined below.
void fill_exercice(domain::Exercice& exercice, const PersonneRow& row, const SavoirFaireIndex* savoir_faire,
                   std::uint64_t key);

// Digests hash one buffer of length-prefixed values: unambiguous, and one hash64 call per record.
void feed(std::string& buffer, std::string_view value) {
    const auto size = static_cast<std::uint32_t>(value.size());
    buffer.append(reinterpret_cast<const char*>(&size), sizeof size);
    buffer += value;
}

std::uint64_t finish(const std::string& buffer, std::uint64_t seed) {
    const std::uint64_t digest = hash64(buffer, seed);
    return digest == 0 ? 1 : digest; // 0 means "no digest" in the store
}

} // namespace

namespace {

void fill_exercice(domain::Exercice& exercice, const PersonneRow& row, const SavoirFaireIndex* savoir_faire,
                   std::uint64_t key) {
    exercice.codeProfession.assign(row.get(Col::CodeProfession));
    exercice.codeCategorieProfessionnelle.assign(row.get(Col::CodeCategorie));
    exercice.codeCiviliteDexercice.assign(row.get(Col::CodeCiviliteExercice));
    exercice.nomDexercice.assign(row.get(Col::Nom));
    exercice.prenomDexercice.assign(row.get(Col::Prenom));
    exercice.codeTypeSavoirFaire.assign(row.get(Col::CodeTypeSavoirFaire));
    exercice.codeSavoirFaire.assign(row.get(Col::CodeSavoirFaire));
    if (!exercice.codeSavoirFaire.empty() || !savoir_faire) return;
    if (const auto* found = savoir_faire->find(key, exercice.codeProfession)) {
        exercice.codeTypeSavoirFaire = found->first;
        exercice.codeSavoirFaire = found->second;
    }
}

} // namespace

Activity make_activity(const PersonneRow& row) {
    Activity activity;
    for (const auto& [member, col] : kActivityColumns)
        activity.*member = row.get(col);
    return activity;
}

bool SavoirFaireIndex::add(std::uint64_t national_key, std::string_view profession, std::string_view type,
                           std::string_view code) {
    Entry entry{};
    entry.key = national_key;
    if (!copy_fixed(entry.profession, sizeof entry.profession, profession) ||
        !copy_fixed(entry.type, sizeof entry.type, type) || !copy_fixed(entry.code, sizeof entry.code, code))
        return false;
    entries_.push_back(entry);
    return true;
}

void SavoirFaireIndex::seal() {
    // Stable: the first published specialty of a profession wins.
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
}

const std::pair<std::string, std::string>* SavoirFaireIndex::find(std::uint64_t national_key,
                                                                  std::string_view profession) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), national_key,
                               [](const Entry& e, std::uint64_t k) { return e.key < k; });
    for (; it != entries_.end() && it->key == national_key; ++it) {
        if (profession == it->profession) {
            found_ = {it->type, it->code};
            return &found_;
        }
    }
    return nullptr;
}

std::uint64_t SavoirFaireIndex::digest_for(std::uint64_t national_key) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), national_key,
                               [](const Entry& e, std::uint64_t k) { return e.key < k; });
    std::uint64_t digest = 0;
    for (; it != entries_.end() && it->key == national_key; ++it) // in publication order (stable sort)
        digest = mix64(mix64(digest, hash64(it->profession)), mix64(hash64(it->type), hash64(it->code)));
    return digest;
}

void build_professional(std::vector<PersonneRow>& rows, const SavoirFaireIndex* savoir_faire, domain::Professional& p) {
    std::sort(rows.begin(), rows.end(), row_less);
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const PersonneRow& a, const PersonneRow& b) { return a.fields == b.fields; }),
               rows.end());
    const PersonneRow& first = rows.front();
    p.national_id.assign(first.get(Col::NationalId));
    p.id_type.assign(first.get(Col::TypeId));
    p.identifier.assign(first.get(Col::Identifiant));
    p.codeCivilite.assign(first.get(Col::CodeCivilite));
    p.mssante_addresses.clear();
    p.active = true;
    const std::uint64_t key = national_key(p.national_id);
    // Strings and vectors of `p` are overwritten in place: a reused Professional allocates nothing
    // for the next professional of a similar shape (the initial load builds 1.8 million).
    thread_local std::vector<std::size_t> activity_counts;
    activity_counts.clear();
    for (const PersonneRow& row : rows) {
        if (activity_counts.empty() ||
            p.exercices[activity_counts.size() - 1].codeProfession != row.get(Col::CodeProfession)) {
            if (activity_counts.size() == p.exercices.size()) p.exercices.emplace_back();
            fill_exercice(p.exercices[activity_counts.size()], row, savoir_faire, key);
            activity_counts.push_back(0);
        }
        if (!has_activity(row)) continue;
        auto& activities = p.exercices[activity_counts.size() - 1].activities;
        std::size_t& count = activity_counts.back();
        if (count == activities.size()) activities.emplace_back();
        for (const auto& [member, col] : kActivityColumns)
            (activities[count].*member).assign(row.get(col));
        ++count;
    }
    p.exercices.resize(activity_counts.size());
    for (std::size_t i = 0; i < activity_counts.size(); ++i)
        p.exercices[i].activities.resize(activity_counts[i]);
    p.family_name = p.exercices.front().nomDexercice;
    p.given_name = p.exercices.front().prenomDexercice;
}

domain::Professional build_professional(std::vector<PersonneRow>& rows, const SavoirFaireIndex* savoir_faire) {
    domain::Professional p;
    build_professional(rows, savoir_faire, p);
    return p;
}

std::uint64_t row_hash(const PersonneRow& row) {
    thread_local std::string buffer;
    buffer.clear();
    for (const auto& field : row.fields)
        feed(buffer, field);
    return finish(buffer, 0x5eed);
}

std::uint64_t place_digest(const domain::Activity& place) {
    thread_local std::string buffer;
    buffer.clear();
    for (std::size_t i = kFirstPlaceMember; i < std::size(kActivityColumns); ++i)
        feed(buffer, place.*kActivityColumns[i].first);
    return finish(buffer, 0x91ace);
}

std::uint64_t place_digest(const PersonneRow& row) {
    thread_local std::string buffer;
    buffer.clear();
    for (std::size_t i = kFirstPlaceMember; i < std::size(kActivityColumns); ++i)
        feed(buffer, row.get(kActivityColumns[i].second));
    return finish(buffer, 0x91ace);
}

std::string place_key(const PersonneRow& row) {
    if (!row.get(Col::IdTechnique).empty()) return std::string(row.get(Col::IdTechnique)); // the usual case
    if (!has_activity(row)) return {};
    return storage::structure_key(make_activity(row));
}

std::vector<std::string> changed_fields(const domain::Professional& before, const domain::Professional& after) {
    std::vector<std::string> fields;
    auto add_if = [&fields](bool differs, const char* name) {
        if (differs) fields.emplace_back(name);
    };
    auto project = [](const domain::Professional& p, auto getter) {
        std::vector<std::string> values;
        for (const auto& e : p.exercices)
            values.push_back(getter(e));
        return values;
    };
    auto activities = [](const domain::Professional& p, bool place) {
        std::vector<std::string> values;
        for (const auto& e : p.exercices)
            for (const auto& a : e.activities) {
                std::string value = e.codeProfession;
                for (std::size_t i = 0; i < std::size(kActivityColumns); ++i)
                    if ((i >= kFirstPlaceMember) == place || i == 10) value += "|" + a.*kActivityColumns[i].first;
                values.push_back(std::move(value));
            }
        return values;
    };
    add_if(before.codeCivilite != after.codeCivilite, "civilite");
    add_if(before.family_name != after.family_name || before.given_name != after.given_name ||
               project(before, [](const auto& e) { return e.nomDexercice + "|" + e.prenomDexercice; }) !=
                   project(after, [](const auto& e) { return e.nomDexercice + "|" + e.prenomDexercice; }),
           "name");
    add_if(project(before, [](const auto& e) { return e.codeCiviliteDexercice; }) !=
               project(after, [](const auto& e) { return e.codeCiviliteDexercice; }),
           "civilite_exercice");
    add_if(project(before, [](const auto& e) { return e.codeProfession; }) !=
               project(after, [](const auto& e) { return e.codeProfession; }),
           "profession");
    add_if(project(before, [](const auto& e) { return e.codeCategorieProfessionnelle; }) !=
               project(after, [](const auto& e) { return e.codeCategorieProfessionnelle; }),
           "categorie");
    add_if(project(before, [](const auto& e) { return e.codeTypeSavoirFaire + "|" + e.codeSavoirFaire; }) !=
               project(after, [](const auto& e) { return e.codeTypeSavoirFaire + "|" + e.codeSavoirFaire; }),
           "savoir_faire");
    add_if(activities(before, false) != activities(after, false), "activities");
    add_if(activities(before, true) != activities(after, true), "structures");
    add_if(before.active != after.active, "active");
    return fields;
}

std::string join_fields(const std::vector<std::string>& fields) {
    std::string joined;
    for (const auto& field : fields) {
        if (!joined.empty()) joined += ',';
        joined += field;
    }
    return joined;
}

} // namespace esc::directory_sync
