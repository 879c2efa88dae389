#include "storage/structure_fields.hpp"

namespace esc::storage {

using domain::Activity;

const PlaceField kPlaceFields[25] = {
    {"identifiant_technique", &Activity::identifiantTechniqueDeLaStructure},
    {"siret", &Activity::numeroSiretSite},
    {"siren", &Activity::numeroSirenSite},
    {"finess_site", &Activity::numeroFinessSite},
    {"finess_juridique", &Activity::numeroFinessetablissementJuridique},
    {"raison_sociale", &Activity::raisonSocialeSite},
    {"enseigne", &Activity::enseigneCommercialeSite},
    {"complement_destinataire", &Activity::complementDestinataire},
    {"complement_point_geo", &Activity::complementPointGeographique},
    {"numero_voie", &Activity::numeroVoie},
    {"indice_repetition_voie", &Activity::indiceRepetitionVoie},
    {"code_type_voie", &Activity::codeTypeDeVoie},
    {"libelle_voie", &Activity::libelleVoie},
    {"mention_distribution", &Activity::mentionDistribution},
    {"bureau_cedex", &Activity::bureauCedex},
    {"code_postal", &Activity::codePostal},
    {"code_commune", &Activity::codeCommune},
    {"libelle_commune", &Activity::libelleCommune},
    {"code_pays", &Activity::codePays},
    {"telephone", &Activity::telephone},
    {"telephone2", &Activity::telephone2},
    {"telecopie", &Activity::telecopie},
    {"email", &Activity::adresseEMail},
    {"code_departement", &Activity::codeDepartement},
    {"ancien_identifiant", &Activity::ancienIdentifiantDeLaStructure},
};

} // namespace esc::storage
