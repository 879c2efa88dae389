#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

// Self-service registration (issue 7, "Registration"): what the four steps collect, and the rules
// each step's fields must follow. Pure: the pages (portal/registration.cpp) keep the draft in the
// store between steps (an interaction in state `registering`), so a restart loses nothing typed.
namespace esc::domain {

enum class Visibility { public_listing, professionals_only, hidden };
std::string_view name_of(Visibility v);
std::optional<Visibility> visibility_from_name(std::string_view name);

// The profession value for someone outside the health professions (administrative staff…).
inline constexpr std::string_view kOtherProfession = "autre";

struct RegistrationDraft {
    // Step 1: a CPS card (TLS client certificate) read, or none.
    std::string card_national_id; // from the certificate; "" = registered without a card
    bool card_step_done = false;
    // Step 2: personal details.
    std::string civility; // M | MME (TRE_R81)
    std::string family_name;
    std::string given_name;
    std::string profession;  // TRE_G15 code, or kOtherProfession
    std::string national_id; // as typed: RPPS (11 digits) or ADELI (9 characters); "" = none
    std::string establishment;
    std::string street;
    std::string postal_code;
    std::string town;
    std::string phone;
    std::string email;
    std::string email_confirmation;
    std::string reason;
    std::string visibility = "professionals_only";
    bool details_done = false;
    // Step 3: services to request (client ids of the catalogue) and communities to join.
    std::vector<std::string> services;
    std::vector<std::string> communities;
    bool profile_done = false;
    // Step 4: the anti-automation question shown (a + b), and the e-mail proof once submitted
    // (SHA-256 of the mailed token).
    int challenge_a = 0;
    int challenge_b = 0;
    std::string email_token_hash;
};

nlohmann::json to_json(const RegistrationDraft& draft);
// nullopt when the stored text is not a draft of this version.
std::optional<RegistrationDraft> registration_draft_from_json(std::string_view text);

// The directory's key for a typed identifier: "8" + RPPS (11 digits) or "0" + ADELI (9
// characters, digits and capital letters); nullopt when it is neither.
std::optional<std::string> national_id_of(std::string_view typed);

// Field name → French message, for the fields of step 2 that break a rule (empty = valid).
// Values are trimmed by the caller; every field is bounded.
std::map<std::string, std::string> check_details(const RegistrationDraft& draft);
// Step 3: `known` is the catalogue's services a professional may request, `known_communities` the
// configured communities.
std::map<std::string, std::string> check_profile(const RegistrationDraft& draft, const std::vector<std::string>& known,
                                                 const std::vector<std::string>& known_communities = {});

// The national id a CPS/CPE card carries in its subject's CN (RFC 2253 one-line form): the CN alone
// ("CN=810001234567") or a multi-valued RDN ("SN=…+CN=810001234567+GN=…"), staff cards as
// "<idNat>/<internal id>". nullopt when no CN looks like one (letters and digits, 9 to 12).
std::optional<std::string> national_id_from_subject(std::string_view subject);

// A French phone number as typed (spaces, dots, dashes, +33) → "0612345678"; nullopt when not one.
std::optional<std::string> normalized_phone(std::string_view typed);

} // namespace esc::domain
