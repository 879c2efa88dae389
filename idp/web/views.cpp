#include "web/views.hpp"

namespace esc::web {
namespace {

// "25300 Pontarlier"; for a CEDEX address the bureau distributeur line already says it all.
std::string town_of(const domain::Activity& a) {
    if (!a.bureauCedex.empty()) return a.bureauCedex;
    if (a.libelleCommune.empty()) return a.codePostal;
    if (a.codePostal.empty()) return a.libelleCommune;
    return a.codePostal + " " + a.libelleCommune;
}

} // namespace

std::vector<PortalPractice> portal_practices_of(const domain::Professional& professional) {
    std::vector<PortalPractice> practices;
    for (const auto& exercice : professional.exercices) {
        PortalPractice practice{exercice.codeProfession, exercice.codeSavoirFaire, {}};
        for (const auto& activity : exercice.activities) {
            // Rows without a structure (students, retired) carry no place worth listing.
            const std::string& name =
                activity.raisonSocialeSite.empty() ? activity.enseigneCommercialeSite : activity.raisonSocialeSite;
            const std::string town = town_of(activity);
            if (name.empty() && town.empty()) continue;
            practice.places.push_back({name, town, activity.codeSecteurDactivite});
        }
        practices.push_back(std::move(practice));
    }
    return practices;
}

} // namespace esc::web
