#include "web/passkey_script.hpp"

#include "crypto/encoding.hpp"

namespace esc::web {

const char* const kPasskeyScript = R"JS(
(function () {
  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function bin(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function ids(list) {
    return list.map(function (id) { return { type: "public-key", id: bin(id) }; });
  }
  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var o = JSON.parse(form.getAttribute("data-passkey"));
      var status = form.querySelector("[data-passkey-status]");
      if (!window.PublicKeyCredential) return;
      event.preventDefault();
      var ceremony = o.mode === "create"
        ? navigator.credentials.create({ publicKey: {
            challenge: bin(o.challenge), rp: { id: o.rpId, name: o.rpName },
            user: { id: bin(o.userId), name: o.userName, displayName: o.userDisplayName },
            pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
            authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
            attestation: "none", timeout: 120000, excludeCredentials: ids(o.exclude) } })
        : navigator.credentials.get({ publicKey: {
            challenge: bin(o.challenge), rpId: o.rpId, userVerification: "required", timeout: 120000,
            allowCredentials: ids(o.allow) } });
      ceremony.then(function (credential) {
        var r = credential.response, f = form.elements;
        f.credential_id.value = b64(credential.rawId);
        f.client_data.value = b64(r.clientDataJSON);
        if (o.mode === "create") {
          f.attestation.value = b64(r.attestationObject);
        } else {
          f.authenticator_data.value = b64(r.authenticatorData);
          f.signature.value = b64(r.signature);
        }
        form.submit();
      }, function () {
        if (status) status.textContent = o.cancelled;
      });
    });
  });
})();
)JS";

const std::string& passkey_script_source() {
    static const std::string source = "'sha256-" + crypto::base64_encode(crypto::sha256(kPasskeyScript)) + "'";
    return source;
}

} // namespace esc::web
