#include "domain/oauth_error.hpp"

#include <array>

namespace esc::domain {

namespace {

// The one table. Statuses: RFC 6749 §5.2 (400, invalid_client 401 when the client authenticated
// with a scheme), RFC 6750 §3.1 (invalid_token 401, insufficient_scope 403); 500 and 503 for the
// two codes that say the server failed (RFC 6749 §4.1.2.1).
constexpr std::array kTable = {
    ErrorCodeInfo{ErrorCode::invalid_request, "invalid_request", 400, true,
                  "La demande de connexion transmise par le service est incomplète ou incorrecte. Par sécurité, "
                  "Esculape ne peut pas vous renvoyer vers ce service."},
    ErrorCodeInfo{ErrorCode::invalid_client, "invalid_client", 401, true,
                  "Le service qui vous a dirigé vers Esculape n’est pas reconnu. Revenez au service et réessayez ; si "
                  "le problème persiste, contactez son assistance."},
    ErrorCodeInfo{
        ErrorCode::invalid_grant, "invalid_grant", 400, true,
        "L’autorisation présentée par le service n’est plus valable. Revenez au service et reconnectez-vous."},
    ErrorCodeInfo{ErrorCode::unauthorized_client, "unauthorized_client", 400, true,
                  "Ce service n’est pas autorisé à demander ce type de connexion."},
    ErrorCodeInfo{ErrorCode::unsupported_grant_type, "unsupported_grant_type", 400, true,
                  "Le service a demandé un type d’autorisation qu’Esculape ne prend pas en charge."},
    ErrorCodeInfo{ErrorCode::invalid_scope, "invalid_scope", 400, true,
                  "Le service a demandé des informations qu’Esculape ne peut pas lui transmettre."},
    ErrorCodeInfo{ErrorCode::access_denied, "access_denied", 403, true, "L’accès à ce service n’a pas été accordé."},
    ErrorCodeInfo{ErrorCode::unsupported_response_type, "unsupported_response_type", 400, true,
                  "Le service a demandé un mode de connexion qu’Esculape ne prend pas en charge."},
    ErrorCodeInfo{ErrorCode::server_error, "server_error", 500, true,
                  "Une erreur inattendue est survenue. Réessayez dans quelques instants."},
    ErrorCodeInfo{ErrorCode::temporarily_unavailable, "temporarily_unavailable", 503, true,
                  "Le service d’identification est momentanément indisponible. Réessayez dans quelques instants."},
    ErrorCodeInfo{ErrorCode::login_required, "login_required", 400, true,
                  "Vous devez vous connecter pour accéder à ce service."},
    ErrorCodeInfo{ErrorCode::interaction_required, "interaction_required", 400, true,
                  "Une action de votre part est nécessaire pour accéder à ce service."},
    ErrorCodeInfo{ErrorCode::consent_required, "consent_required", 400, true,
                  "Votre accord est nécessaire pour accéder à ce service."},
    ErrorCodeInfo{ErrorCode::invalid_request_uri, "invalid_request_uri", 400, true,
                  "La demande transmise par le service est introuvable ou a expiré."},
    ErrorCodeInfo{ErrorCode::request_not_supported, "request_not_supported", 400, true,
                  "Le service a envoyé une demande sous une forme qu’Esculape ne prend pas en charge."},
    ErrorCodeInfo{ErrorCode::request_uri_not_supported, "request_uri_not_supported", 400, true,
                  "Le service a envoyé une demande sous une forme qu’Esculape ne prend pas en charge."},
    ErrorCodeInfo{ErrorCode::registration_not_supported, "registration_not_supported", 400, true,
                  "Le service a demandé une inscription automatique, qu’Esculape ne prend pas en charge."},
    ErrorCodeInfo{ErrorCode::invalid_token, "invalid_token", 401, true,
                  "Le jeton présenté par le service n’est pas valable ou a expiré."},
    ErrorCodeInfo{ErrorCode::insufficient_scope, "insufficient_scope", 403, true,
                  "Le service n’a pas reçu l’autorisation nécessaire à cette demande."},
    ErrorCodeInfo{ErrorCode::unsupported_token_type, "unsupported_token_type", 400, true,
                  "Ce type de jeton ne peut pas être révoqué par Esculape."},
    ErrorCodeInfo{ErrorCode::authorization_pending, "authorization_pending", 400, false,
                  "La demande attend encore la validation du professionnel sur son application."},
    ErrorCodeInfo{ErrorCode::slow_down, "slow_down", 400, false,
                  "Le service interroge Esculape trop souvent ; il doit espacer ses demandes."},
    ErrorCodeInfo{ErrorCode::expired_token, "expired_token", 400, false,
                  "La demande d’authentification a expiré avant d’être validée."},
    ErrorCodeInfo{ErrorCode::unknown_user_id, "unknown_user_id", 400, false,
                  "Le professionnel désigné par le service est inconnu d’Esculape."},
    ErrorCodeInfo{ErrorCode::invalid_binding_message, "invalid_binding_message", 400, false,
                  "Le message de contrôle envoyé par le service ne peut pas être affiché sur le téléphone."},
};

constexpr bool table_in_enum_order() {
    for (std::size_t i = 0; i < kTable.size(); ++i)
        if (static_cast<std::size_t>(kTable[i].code) != i) return false;
    return true;
}
static_assert(table_in_enum_order(), "kTable rows must follow the order of ErrorCode");
static_assert(kTable.size() == static_cast<std::size_t>(ErrorCode::invalid_binding_message) + 1,
              "every ErrorCode has its row");

OAuthError make(ErrorCode code, std::string description, bool redirectable, int status) {
    const auto& row = info(code);
    return OAuthError{code, std::string(row.wire), std::move(description), {}, status, redirectable};
}

} // namespace

std::span<const ErrorCodeInfo> error_codes() {
    return kTable;
}

const ErrorCodeInfo& info(ErrorCode code) {
    return kTable[static_cast<std::size_t>(code)];
}

std::optional<ErrorCode> error_code_from_wire(std::string_view wire) {
    for (const auto& row : kTable)
        if (row.wire == wire) return row.code;
    return std::nullopt;
}

std::string_view error_explanation(std::string_view wire) {
    auto code = error_code_from_wire(wire);
    return code ? info(*code).explanation : "La demande n’a pas pu aboutir.";
}

OAuthError make_error(ErrorCode code, std::string description) {
    const auto& row = info(code);
    return make(code, std::move(description), row.redirectable, row.status);
}

namespace oauth_errors {

#define ESC_ERROR_FACTORY(name)                                                                                        \
    OAuthError name(std::string d) {                                                                                   \
        return make_error(ErrorCode::name, std::move(d));                                                              \
    }
ESC_ERROR_FACTORY(invalid_request)
ESC_ERROR_FACTORY(invalid_client)
ESC_ERROR_FACTORY(invalid_grant)
ESC_ERROR_FACTORY(unauthorized_client)
ESC_ERROR_FACTORY(unsupported_grant_type)
ESC_ERROR_FACTORY(invalid_scope)
ESC_ERROR_FACTORY(access_denied)
ESC_ERROR_FACTORY(unsupported_response_type)
ESC_ERROR_FACTORY(temporarily_unavailable)
ESC_ERROR_FACTORY(login_required)
ESC_ERROR_FACTORY(interaction_required)
ESC_ERROR_FACTORY(consent_required)
ESC_ERROR_FACTORY(invalid_request_uri)
ESC_ERROR_FACTORY(request_not_supported)
ESC_ERROR_FACTORY(request_uri_not_supported)
ESC_ERROR_FACTORY(registration_not_supported)
ESC_ERROR_FACTORY(invalid_token)
ESC_ERROR_FACTORY(insufficient_scope)
ESC_ERROR_FACTORY(unsupported_token_type)
ESC_ERROR_FACTORY(authorization_pending)
ESC_ERROR_FACTORY(slow_down)
ESC_ERROR_FACTORY(expired_token)
ESC_ERROR_FACTORY(unknown_user_id)
ESC_ERROR_FACTORY(invalid_binding_message)
#undef ESC_ERROR_FACTORY

OAuthError server_error(std::string detail) {
    auto e = make_error(ErrorCode::server_error, "The server encountered an unexpected condition.");
    e.detail = std::move(detail);
    return e;
}
// An unverified redirect URI or an unknown client: shown on a page (400), never redirected
// (RFC 6749 §4.1.2.1 "MUST NOT automatically redirect").
OAuthError invalid_redirect_uri(std::string d) {
    return make(ErrorCode::invalid_request, std::move(d), false, 400);
}
OAuthError unknown_client(std::string d) {
    return make(ErrorCode::invalid_client, std::move(d), false, 400);
}

} // namespace oauth_errors

} // namespace esc::domain
