#include "endpoints/service_access.hpp"

#include <algorithm>

#include "endpoints/deps.hpp"
#include "web/labels.hpp"

namespace esc::endpoints {

std::vector<std::string> Practitioner::postal_codes() const {
    std::vector<std::string> out;
    for (const auto& p : places)
        out.push_back(p.postal_code);
    return out;
}

std::string Practitioner::places_text() const {
    std::string out;
    for (const auto& p : places)
        out += (out.empty() ? "" : ", ") + p.postal_code + (p.town.empty() ? "" : " " + p.town);
    return out;
}

namespace {
void add_place(Practitioner& who, const std::string& postal_code, const std::string& town) {
    if (postal_code.size() != 5) return;
    const bool known = std::any_of(who.places.begin(), who.places.end(),
                                   [&](const PractitionerPlace& p) { return p.postal_code == postal_code; });
    if (!known) who.places.push_back({postal_code, town});
}
} // namespace

Practitioner practitioner_of(const Deps& deps, const domain::Account& account) {
    Practitioner who;
    who.name = account.login;
    if (auto p = account.national_id.empty() ? std::nullopt
                                             : deps.store.directory().find_professional(account.national_id)) {
        if (!p->family_name.empty()) who.name = p->given_name + " " + p->family_name;
        for (const auto& e : p->exercices) {
            if (who.profession.empty() && !e.codeProfession.empty())
                who.profession = std::string(web::profession_label(e.codeProfession));
            if (!e.codeProfession.empty()) who.codes.professions.push_back(e.codeProfession);
            if (!e.codeSavoirFaire.empty()) who.codes.specialties.push_back(e.codeSavoirFaire);
            for (const auto& a : e.activities)
                add_place(who, a.codePostal, a.libelleCommune);
        }
        return who;
    }
    if (auto profile = deps.store.accounts().profile(account.id)) {
        if (!profile->family_name.empty()) who.name = profile->given_name + " " + profile->family_name;
        if (!profile->profession.empty() && profile->profession != "autre") {
            who.profession = std::string(web::profession_label(profile->profession));
            who.codes.professions.push_back(profile->profession);
        }
        add_place(who, profile->postal_code, profile->town);
    }
    return who;
}

domain::ServiceAccess access_to(const Deps& deps, const domain::Account& account, const domain::Client& client) {
    domain::PractitionerCodes codes;
    if (client.eligibility.restricts()) codes = practitioner_of(deps, account).codes;
    std::optional<domain::AccessState> state;
    if (client.requires_approval)
        if (auto r = deps.store.access().find(account.id, client.id)) state = r->state;
    return domain::service_access(client.access_policy(), client.eligibility, codes, state);
}

} // namespace esc::endpoints
