#include "domain/registration.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/mail.hpp"

namespace esc::domain {
namespace {

constexpr int kDraftVersion = 1;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Code points, not bytes: a limit the user can count.
std::size_t length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

void require_text(std::map<std::string, std::string>& errors, const char* field, const std::string& value,
                  std::size_t max, const char* missing) {
    if (value.empty())
        errors[field] = missing;
    else if (length(value) > max)
        errors[field] = "Ce champ est limité à " + std::to_string(max) + " caractères.";
    else if (has_control(value))
        errors[field] = "Ce champ contient des caractères non autorisés.";
}

void optional_text(std::map<std::string, std::string>& errors, const char* field, const std::string& value,
                   std::size_t max) {
    if (!value.empty()) require_text(errors, field, value, max, "");
}

} // namespace

std::string_view name_of(Visibility v) {
    switch (v) {
    case Visibility::public_listing:
        return "public";
    case Visibility::professionals_only:
        return "professionals_only";
    case Visibility::hidden:
        return "hidden";
    }
    return "hidden";
}

std::optional<Visibility> visibility_from_name(std::string_view name) {
    for (auto v : {Visibility::public_listing, Visibility::professionals_only, Visibility::hidden})
        if (name_of(v) == name) return v;
    return std::nullopt;
}

nlohmann::json to_json(const RegistrationDraft& d) {
    return {{"v", kDraftVersion},
            {"card_national_id", d.card_national_id},
            {"card_step_done", d.card_step_done},
            {"civility", d.civility},
            {"family_name", d.family_name},
            {"given_name", d.given_name},
            {"profession", d.profession},
            {"national_id", d.national_id},
            {"establishment", d.establishment},
            {"street", d.street},
            {"postal_code", d.postal_code},
            {"town", d.town},
            {"phone", d.phone},
            {"email", d.email},
            {"email_confirmation", d.email_confirmation},
            {"reason", d.reason},
            {"visibility", d.visibility},
            {"details_done", d.details_done},
            {"services", d.services},
            {"communities", d.communities},
            {"profile_done", d.profile_done},
            {"challenge_a", d.challenge_a},
            {"challenge_b", d.challenge_b},
            {"email_token_hash", d.email_token_hash}};
}

std::optional<RegistrationDraft> registration_draft_from_json(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    // Checked before any value is read: .value() throws on a member of another type.
    if (!j.is_object() || !j.contains("v") || !j["v"].is_number_integer() || j["v"].get<int>() != kDraftVersion)
        return std::nullopt;
    try {
        RegistrationDraft d;
        d.card_national_id = j.at("card_national_id").get<std::string>();
        d.card_step_done = j.at("card_step_done").get<bool>();
        d.civility = j.at("civility").get<std::string>();
        d.family_name = j.at("family_name").get<std::string>();
        d.given_name = j.at("given_name").get<std::string>();
        d.profession = j.at("profession").get<std::string>();
        d.national_id = j.at("national_id").get<std::string>();
        d.establishment = j.at("establishment").get<std::string>();
        d.street = j.at("street").get<std::string>();
        d.postal_code = j.at("postal_code").get<std::string>();
        d.town = j.at("town").get<std::string>();
        d.phone = j.at("phone").get<std::string>();
        d.email = j.at("email").get<std::string>();
        d.email_confirmation = j.at("email_confirmation").get<std::string>();
        d.reason = j.at("reason").get<std::string>();
        d.visibility = j.at("visibility").get<std::string>();
        d.details_done = j.at("details_done").get<bool>();
        d.services = j.at("services").get<std::vector<std::string>>();
        // Drafts saved before communities existed have none.
        if (j.contains("communities")) d.communities = j.at("communities").get<std::vector<std::string>>();
        d.profile_done = j.at("profile_done").get<bool>();
        d.challenge_a = j.at("challenge_a").get<int>();
        d.challenge_b = j.at("challenge_b").get<int>();
        d.email_token_hash = j.at("email_token_hash").get<std::string>();
        return d;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

std::optional<std::string> national_id_of(std::string_view typed) {
    if (typed.size() == 11 && std::all_of(typed.begin(), typed.end(), is_digit)) return "8" + std::string(typed);
    if (typed.size() == 9 &&
        std::all_of(typed.begin(), typed.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }))
        return "0" + std::string(typed);
    return std::nullopt;
}

std::optional<std::string> national_id_from_subject(std::string_view subject) {
    for (std::size_t at = subject.find("CN="); at != std::string_view::npos; at = subject.find("CN=", at + 3)) {
        if (at > 0 && subject[at - 1] != ',' && subject[at - 1] != '+') continue; // "OCN=" is not CN
        auto value = subject.substr(at + 3);
        value = value.substr(0, std::min(value.find_first_of(",+"), value.size()));
        value = value.substr(0, std::min(value.find('/'), value.size()));
        const bool plausible =
            value.size() >= 9 && value.size() <= 12 &&
            std::all_of(value.begin(), value.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); });
        if (plausible) return std::string(value);
    }
    return std::nullopt;
}

std::optional<std::string> normalized_phone(std::string_view typed) {
    std::string digits;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (c == '+' && i == 0 && typed.substr(0, 3) == "+33") {
            digits = "0";
            i += 2;
            continue;
        }
        if (is_digit(c))
            digits += c;
        else if (c != ' ' && c != '.' && c != '-')
            return std::nullopt;
    }
    if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') return std::nullopt;
    return digits;
}

std::map<std::string, std::string> check_details(const RegistrationDraft& d) {
    std::map<std::string, std::string> errors;
    if (d.civility != "M" && d.civility != "MME") errors["civility"] = "Choisissez votre civilité.";
    require_text(errors, "family_name", d.family_name, 100, "Indiquez votre nom.");
    require_text(errors, "given_name", d.given_name, 100, "Indiquez votre prénom.");
    if (d.profession.empty()) errors["profession"] = "Choisissez votre profession.";
    if (length(d.profession) > 16) errors["profession"] = "Choisissez une profession de la liste.";
    if (!d.national_id.empty() && !national_id_of(d.national_id))
        errors["national_id"] =
            "Le numéro RPPS compte 11 chiffres, le numéro ADELI 9 caractères (chiffres et lettres majuscules).";
    optional_text(errors, "establishment", d.establishment, 200);
    require_text(errors, "street", d.street, 200, "Indiquez l’adresse de votre lieu d’exercice.");
    if (d.postal_code.size() != 5 || !std::all_of(d.postal_code.begin(), d.postal_code.end(), is_digit))
        errors["postal_code"] = "Le code postal compte 5 chiffres.";
    require_text(errors, "town", d.town, 100, "Indiquez la commune.");
    if (!d.phone.empty() && !normalized_phone(d.phone))
        errors["phone"] = "Indiquez un numéro français à 10 chiffres, par exemple 03 81 00 00 00.";
    if (d.email.empty())
        errors["email"] = "Indiquez votre adresse e-mail.";
    else if (!is_mail_address(d.email))
        errors["email"] = "Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).";
    if (!errors.count("email") && d.email_confirmation != d.email)
        errors["email_confirmation"] = "Les deux adresses e-mail ne sont pas identiques.";
    require_text(errors, "reason", d.reason, 500,
                 "Indiquez pourquoi vous vous inscrivez (par exemple, le service visé).");
    if (!visibility_from_name(d.visibility)) errors["visibility"] = "Choisissez la visibilité dans l’annuaire.";
    return errors;
}

std::map<std::string, std::string> check_profile(const RegistrationDraft& d, const std::vector<std::string>& known,
                                                 const std::vector<std::string>& known_communities) {
    std::map<std::string, std::string> errors;
    for (const auto& s : d.services)
        if (std::find(known.begin(), known.end(), s) == known.end())
            errors["services"] = "Un des services choisis n’existe pas : rechargez la page et recommencez.";
    for (const auto& c : d.communities)
        if (std::find(known_communities.begin(), known_communities.end(), c) == known_communities.end())
            errors["communities"] = "Une des communautés choisies n’existe pas : rechargez la page et recommencez.";
    return errors;
}

} // namespace esc::domain
