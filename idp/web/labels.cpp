#include "web/labels.hpp"

#include "domain/oauth_error.hpp"

#include <utility>

namespace esc::web {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

template <std::size_t N> std::string_view find_label(const Entry (&table)[N], std::string_view code) {
    for (const auto& [key, label] : table)
        if (key == code) return label;
    return {};
}

// TRE_G15 (professions of the RPPS/ADELI) and TRE_R95 (titles such as psychologist).
constexpr Entry kProfessions[] = {
    {"10", "Médecin"},
    {"21", "Pharmacien"},
    {"26", "Audioprothésiste"},
    {"28", "Opticien-lunetier"},
    {"31", "Assistant dentaire"},
    {"32", "Physicien médical"},
    {"40", "Chirurgien-dentiste"},
    {"50", "Sage-femme"},
    {"60", "Infirmier"},
    {"69", "Infirmier psychiatrique"},
    {"70", "Masseur-kinésithérapeute"},
    {"71", "Ostéopathe"},
    {"72", "Psychothérapeute"},
    {"73", "Chiropracteur"},
    {"80", "Pédicure-podologue"},
    {"81", "Orthoprothésiste"},
    {"82", "Podo-orthésiste"},
    {"83", "Orthopédiste-orthésiste"},
    {"84", "Oculariste"},
    {"85", "Épithésiste"},
    {"86", "Technicien de laboratoire médical"},
    {"91", "Orthophoniste"},
    {"92", "Orthoptiste"},
    {"93", "Psychologue"},
    {"94", "Ergothérapeute"},
    {"95", "Diététicien"},
    {"96", "Psychomotricien"},
    {"98", "Manipulateur d’électroradiologie médicale"},
};

constexpr Entry kCategories[] = {
    {"C", "Civil"},
    {"E", "Étudiant"},
    {"M", "Agent public"},
    {"F", "Fonctionnaire"},
};

constexpr Entry kCivilites[] = {
    {"M", "Monsieur"},
    {"MME", "Madame"},
    {"MLLE", "Mademoiselle"},
};

constexpr Entry kCivilitesExercice[] = {
    {"DR", "Docteur"},         {"PR", "Professeur"},      {"MC", "Médecin chef"},
    {"MG", "Médecin général"}, {"PC", "Pharmacien chef"}, {"PG", "Pharmacien général"},
};

constexpr Entry kTypesSavoirFaire[] = {
    {"S", "Spécialité ordinale"},    {"C", "Compétence"},          {"CAPA", "Capacité"},
    {"CEX", "Compétence exclusive"}, {"CM", "Compétence métier"},  {"DEC", "Droit d’exercice complémentaire"},
    {"DNQ", "DESC non qualifiant"},  {"FQ", "Fonction qualifiée"}, {"OP", "Orientation particulière"},
};

// Specialties of TRE_R38 confirmed in the extraction (annuaire-formats.md §3).
constexpr Entry kSavoirFaire[] = {
    {"SM02", "Anesthésie-réanimation"},
    {"SM04", "Cardiologie et maladies vasculaires"},
    {"SM26", "Qualifié en médecine générale"},
    {"SM38", "Ophtalmologie"},
    {"SM40", "Pédiatrie"},
    {"SM42", "Psychiatrie"},
    {"SM44", "Radio-diagnostic"},
    {"SM53", "Spécialiste en médecine générale"},
    {"SM54", "Médecine générale"},
    {"SM59", "Médecine d’urgence"},
};

constexpr Entry kModesExercice[] = {
    {"L", "Libéral"},
    {"S", "Salarié"},
    {"B", "Bénévole"},
    {"I", "Indirect"},
};

// Sectors of TRE_R02 confirmed in the extraction (annuaire-formats.md §3).
constexpr Entry kSecteurs[] = {
    {"SA01", "Établissement public de santé"},
    {"SA03", "Établissement privé PSPH"},
    {"SA04", "Établissement privé non PSPH"},
    {"SA05", "Centre de santé"},
    {"SA07", "Cabinet individuel"},
    {"SA08", "Cabinet de groupe"},
    {"SA09", "Exercice en société"},
    {"SA15", "Protection maternelle et infantile (PMI)"},
    {"SA17", "Établissement pour personnes âgées"},
    {"SA25", "Laboratoire de biologie médicale"},
    {"SA33", "Pharmacie d’officine"},
    {"SA34", "Centre de dialyse"},
    {"SA42", "Appareillage médical"},
    {"SA52", "Maison ou pôle de santé"},
};

} // namespace

std::vector<std::pair<std::string_view, std::string_view>> profession_choices() {
    return {std::begin(kProfessions), std::end(kProfessions)};
}

std::string_view profession_label(std::string_view code) {
    return find_label(kProfessions, code);
}
std::string_view categorie_professionnelle_label(std::string_view code) {
    return find_label(kCategories, code);
}
std::string_view civilite_label(std::string_view code) {
    return find_label(kCivilites, code);
}
std::string_view civilite_exercice_label(std::string_view code) {
    return find_label(kCivilitesExercice, code);
}
std::string_view type_savoir_faire_label(std::string_view code) {
    return find_label(kTypesSavoirFaire, code);
}
std::string_view savoir_faire_label(std::string_view code) {
    return find_label(kSavoirFaire, code);
}
std::string_view mode_exercice_label(std::string_view code) {
    return find_label(kModesExercice, code);
}
std::string_view secteur_activite_label(std::string_view code) {
    return find_label(kSecteurs, code);
}

std::string_view oauth_error_explanation(std::string_view code) {
    return domain::error_explanation(code); // the one table of error codes (domain/oauth_error.cpp)
}

} // namespace esc::web
