-- Token endpoint exchanges (docs/endpoints.md "Tokens").
-- `claims_json`: the OIDC `claims` request (OIDC Core §5.5) a refresh family and its access tokens
-- carry, so UserInfo and refreshed ID tokens honour it after the code is gone.
-- `grace_until` / `grace_response`: the token response of a rotation, sealed (AES-256-GCM, base64url) under a
-- key derived from the rotated refresh token itself, which the store never holds (only its
-- SHA-256): a concurrent request presenting that same token within the grace interval gets the
-- same answer (RFC 9700 §4.14.2). The janitor clears it once the interval is over.
ALTER TABLE refresh_tokens ADD COLUMN claims_json TEXT NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN grace_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refresh_tokens ADD COLUMN grace_response TEXT;
CREATE INDEX refresh_by_grace ON refresh_tokens(grace_until) WHERE grace_response IS NOT NULL;
ALTER TABLE access_tokens ADD COLUMN claims_json TEXT NOT NULL DEFAULT '';
