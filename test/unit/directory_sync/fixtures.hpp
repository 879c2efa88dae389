#pragma once
#include <string>
#include <vector>

// Lines in the published formats (annuaire-formats.md §2.1, §4, §5) for the parser tests.
namespace esc::directory_sync::test {

inline const std::string kPersonneHeader =
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|Libellé civilité "
    "d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|Code profession|Libellé "
    "profession|Code catégorie professionnelle|Libellé catégorie professionnelle|Code type savoir-faire|Libellé "
    "type savoir-faire|Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|Numéro "
    "SIRET site|Numéro SIREN site|Numéro FINESS site|Numéro FINESS établissement juridique|Identifiant technique "
    "de la structure|Raison sociale site|Enseigne commerciale site|Complément destinataire (coord. "
    "structure)|Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|Indice "
    "répétition voie (coord. structure)|Code type de voie (coord. structure)|Libellé type de voie (coord. "
    "structure)|Libellé Voie (coord. structure)|Mention distribution (coord. structure)|Bureau cedex (coord. "
    "structure)|Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. "
    "structure)|Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. "
    "structure)|Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. "
    "structure)|Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la "
    "structure|Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|Code section "
    "tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|Code genre "
    "activité|Libellé genre activité|";

// The 52-column header of older extractions (no rôle / genre activité).
inline std::string header52() {
    const auto cut = kPersonneHeader.find("|Code rôle|");
    return kPersonneHeader.substr(0, cut) + "|";
}

// A doctor with one place (RPPS 19000123455 passes the Luhn check).
inline const std::string kDoctorRow =
    "8|19000123455|819000123455|DR|Docteur|M|Monsieur|ROUSSEAU|Jérémy|10|Médecin|C|Civil|S|Spécialité "
    "ordinale|SM53|Spécialiste en Médecine Générale|L|Libéral, indépendant, artisan, "
    "commerçant|96741260200237|967412602|||R5000000|CABINET DU DR JEREMY ROUSSEAU||||187||ALL|Allée|CLEMENCEAU|||"
    "31000|31555|Toulouse|||0536490109||||||396741260200237|CNOM/CNOM/ARS|SA07|Cabinet individuel|||||GENR01|"
    "Activité de soin et de pharmacie|";

// Replaces field `index` (0-based) of a `|` line.
inline std::string with_field(const std::string& line, std::size_t index, const std::string& value) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto bar = line.find('|', start);
        fields.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    fields.at(index) = value;
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i)
        out += (i ? "|" : "") + fields[i];
    return out;
}

} // namespace esc::directory_sync::test
