#include "web/views/register.hpp"

#include "web/labels.hpp"
#include "web/page_data.hpp"

namespace esc::web {
namespace {

const PageTemplate kSteps{"register_steps"};
const PageTemplate kCard{"register_card"};
const PageTemplate kDetails{"register_details"};
const PageTemplate kProfile{"register_profile"};
const PageTemplate kReview{"register_review"};
const PageTemplate kVerify{"register_verify"};

PageData with_steps(const Pages& pages, int step) {
    PageData d;
    d.set("steps", pages.partial(kSteps));
    for (int i = 1; i <= 4; ++i)
        d.set("step" + std::to_string(i), i == step);
    return d;
}

struct TextField {
    const char* name;
    const char* label;
    const char* type;
    const char* autocomplete;
    int max;
    bool required;
    const char* hint;
};

// The text inputs of the details step, in the page's order.
constexpr TextField kTextFields[] = {
    {"family_name", "Nom", "text", "family-name", 100, true, ""},
    {"given_name", "Prénom", "text", "given-name", 100, true, ""},
    {"national_id", "Numéro RPPS ou ADELI", "text", "off", 11, false,
     "11 chiffres (RPPS) ou 9 caractères (ADELI), sans espace. Laissez vide si vous n’en avez pas."},
    {"establishment", "Établissement où vous exercez", "text", "organization", 200, false, ""},
    {"street", "Adresse professionnelle", "text", "street-address", 200, true, "Numéro et voie."},
    {"postal_code", "Code postal", "text", "postal-code", 5, true, ""},
    {"town", "Commune", "text", "address-level2", 100, true, ""},
    {"phone", "Téléphone professionnel", "tel", "tel", 20, false, "Par exemple 03 81 00 00 00."},
    {"email", "Adresse e-mail", "email", "email", 254, true,
     "Votre identifiant et le lien pour choisir votre mot de passe y seront envoyés."},
    {"email_confirmation", "Confirmez l’adresse e-mail", "email", "email", 254, true, ""},
};

std::string value_of(const std::map<std::string, std::string>& values, const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

} // namespace

std::string render_view(const Pages& pages, const RegisterCardView& view) {
    PageData d = with_steps(pages, 1);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("login_url", view.login_url);
    d.set("has_card", !view.card_subject.empty());
    d.set("card_subject", view.card_subject);
    d.set("card_national_id", view.card_national_id);
    d.set("card_known", view.card_known);
    set_optional(d, "error", view.error);
    return pages.render(kCard, "Créer un compte", d);
}

std::string render_view(const Pages& pages, const RegisterDetailsView& view) {
    PageData d = with_steps(pages, 2);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("back_url", view.back_url);
    d.set("has_errors", !view.errors.empty() || !view.form_error.empty());
    set_optional(d, "form_error", view.form_error);
    d.set("from_directory", !view.directory_id.empty());
    d.set("directory_id", view.directory_id);
    const auto civility = value_of(view.values, "civility");
    d.set("civility_m", civility == "M");
    d.set("civility_mme", civility == "MME");
    set_optional(d, "civility_error", error_of(view.errors, "civility"));
    PageData fields = list_of();
    for (const auto& f : kTextFields) {
        PageData item;
        item.set("name", std::string(f.name));
        item.set("label", std::string(f.label));
        item.set("type", std::string(f.type));
        item.set("autocomplete", std::string(f.autocomplete));
        item.set("max", std::to_string(f.max));
        item.set("required", f.required);
        set_optional(item, "hint", std::string(f.hint));
        item.set("value", value_of(view.values, f.name));
        set_optional(item, "error", error_of(view.errors, f.name));
        fields.push_back(item);
    }
    d.set("text_fields", fields);
    const auto profession = value_of(view.values, "profession");
    PageData professions = list_of();
    auto choices = profession_choices();
    choices.push_back({"autre", "Autre (personnel administratif, coordination…)"});
    for (const auto& [code, label] : choices) {
        PageData item;
        item.set("code", std::string(code));
        item.set("label", std::string(label));
        item.set("selected", profession == code);
        professions.push_back(item);
    }
    d.set("professions", professions);
    set_optional(d, "profession_error", error_of(view.errors, "profession"));
    d.set("reason", value_of(view.values, "reason"));
    set_optional(d, "reason_error", error_of(view.errors, "reason"));
    const auto visibility = value_of(view.values, "visibility");
    for (const char* v : {"public", "professionals_only", "hidden"})
        d.set(std::string("visibility_") + v, visibility == v);
    set_optional(d, "visibility_error", error_of(view.errors, "visibility"));
    return pages.render(kDetails, "Vos coordonnées", d);
}

std::string render_view(const Pages& pages, const RegisterProfileView& view) {
    PageData d = with_steps(pages, 3);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("back_url", view.back_url);
    set_optional(d, "error", view.error);
    auto choices = [](const std::vector<ServiceChoice>& list) {
        PageData out = list_of();
        for (const auto& s : list) {
            PageData item;
            item.set("id", s.id);
            item.set("name", s.name);
            set_optional(item, "description", s.description);
            item.set("checked", s.checked);
            out.push_back(item);
        }
        return out;
    };
    d.set("services", choices(view.services));
    d.set("communities", choices(view.communities));
    d.set("has_communities", !view.communities.empty());
    return pages.render(kProfile, "Les services que vous demandez", d);
}

std::string render_view(const Pages& pages, const RegisterReviewView& view) {
    PageData d = with_steps(pages, 4);
    d.set("action", view.action);
    d.set("csrf", view.csrf);
    d.set("back_url", view.back_url);
    d.set("details_url", view.details_url);
    d.set("profile_url", view.profile_url);
    d.set("has_errors", !view.errors.empty());
    PageData summary = list_of();
    for (const auto& line : view.summary) {
        PageData item;
        item.set("label", line.label);
        item.set("value", line.value);
        summary.push_back(item);
    }
    d.set("summary", summary);
    PageData services = list_of();
    for (const auto& s : view.services)
        services.push_back(PageData(s));
    d.set("services", services);
    d.set("has_services", !view.services.empty());
    PageData communities = list_of();
    for (const auto& c : view.communities)
        communities.push_back(PageData(c));
    d.set("communities", communities);
    d.set("has_communities", !view.communities.empty());
    d.set("hidden_warning", view.hidden_warning);
    d.set("terms_checked", view.terms_checked);
    d.set("challenge_a", std::to_string(view.challenge_a));
    d.set("challenge_b", std::to_string(view.challenge_b));
    set_optional(d, "terms_error", error_of(view.errors, "terms"));
    set_optional(d, "challenge_error", error_of(view.errors, "challenge"));
    return pages.render(kReview, "Vérifiez votre demande", d);
}

std::string render_view(const Pages& pages, const RegisterVerifyView& view) {
    PageData d;
    d.set("action", view.action);
    d.set("registration", view.registration);
    d.set("token", view.token);
    d.set("email", view.email);
    return pages.render(kVerify, "Confirmer votre adresse e-mail", d);
}

} // namespace esc::web
