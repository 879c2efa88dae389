#pragma once
#include <string_view>
#include <utility>
#include <vector>

// French labels for the national nomenclature codes a professional sees on the portal
// (annuaire-formats.md §3; the ANS NOS tables named below). Each function returns "" for a
// code it does not know, so the caller decides how to show it (usually the raw code).
namespace esc::web {

std::string_view profession_label(std::string_view code);
// Every profession (code, label) of TRE_G15/TRE_R95, in the table's order (a registration's choices).
std::vector<std::pair<std::string_view, std::string_view>> profession_choices(); // TRE_G15 + TRE_R95 ("10" → Médecin)
std::string_view categorie_professionnelle_label(std::string_view code);         // TRE_R09 (C, E, M, F)
std::string_view civilite_label(std::string_view code);                          // TRE_R81 (M, MME)
std::string_view civilite_exercice_label(std::string_view code);                 // TRE_R11 (DR, PR, MC, MG, PC, PG)
std::string_view type_savoir_faire_label(std::string_view code);                 // TRE_R04 (S, C, CAPA…)
std::string_view savoir_faire_label(std::string_view code);                      // TRE_R38 specialties (SM codes)
std::string_view mode_exercice_label(std::string_view code);                     // TRE_R23 (L, S, B, I)
std::string_view secteur_activite_label(std::string_view code);                  // TRE_R02 (SA codes)

// A plain French explanation of an OAuth/OIDC error code (RFC 6749 §4.1.2.1, OIDC Core
// §3.1.2.6) for the error page; a generic sentence for unknown codes, never "".
std::string_view oauth_error_explanation(std::string_view code);

} // namespace esc::web
