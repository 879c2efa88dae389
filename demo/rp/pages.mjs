// The French pages of the demo relying parties: plain HTML, inline style, no script, every value escaped.

const kStyle = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f9;color:#1b2430}
header{background:#0b3d6e;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.4rem}
header p{margin:.3rem 0 0;opacity:.85;font-size:.9rem}main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #d8dee6;border-radius:6px;padding:1rem 1.5rem;margin-bottom:1rem}
h2{font-size:1.1rem;margin:.2rem 0 .8rem}th{text-align:left;vertical-align:top;padding:.25rem 1rem .25rem 0;
color:#4a5563;font-weight:600;white-space:nowrap}td{padding:.25rem 0}ul{margin:0;padding-left:1.2rem}
.button{display:inline-block;background:#0b6bcb;color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;
font-size:1rem;text-decoration:none;cursor:pointer}.button.secondary{background:#5b6573}
form{display:inline;margin-right:.5rem}.notice{border-left:4px solid #1f8a4c}.error{border-left:4px solid #c0392b}
pre{background:#f0f2f5;padding:.8rem;overflow:auto;font-size:.8rem;white-space:pre-wrap;word-break:break-all}
code{font-size:.9em}summary{cursor:pointer;font-weight:600}.muted{color:#5b6573;font-size:.9rem}`;

const kAuthMethods = {
    client_secret_basic: 'secret du client en authentification HTTP Basic (client_secret_basic)',
    client_secret_post: 'secret du client dans le corps de la requête (client_secret_post)',
    private_key_jwt: 'assertion JWT signée par la clé privée du client (private_key_jwt, RFC 7523)',
    none: 'aucune : client public, protégé par PKCE seul (none)',
};

// TRE_G15 (professions), as in idp/web/labels.cpp; unknown codes are shown as they are.
const kProfessions = {
    10: 'Médecin', 21: 'Pharmacien', 26: 'Audioprothésiste', 28: 'Opticien-lunetier', 40: 'Chirurgien-dentiste',
    50: 'Sage-femme', 60: 'Infirmier', 69: 'Infirmier psychiatrique', 70: 'Masseur-kinésithérapeute',
    71: 'Ostéopathe', 72: 'Psychothérapeute', 73: 'Chiropracteur', 80: 'Pédicure-podologue', 91: 'Orthophoniste',
    92: 'Orthoptiste', 93: 'Psychologue', 94: 'Ergothérapeute', 95: 'Diététicien', 96: 'Psychomotricien',
};
// TRE_R35 street types, in capitals like the directory's street names.
const kStreetTypes = { R: 'RUE', AV: 'AVENUE', BD: 'BOULEVARD', PL: 'PLACE', CHE: 'CHEMIN', ALL: 'ALLÉE',
    IMP: 'IMPASSE', QUAI: 'QUAI', RTE: 'ROUTE', CRS: 'COURS', SQ: 'SQUARE' };
const kCivilites = { M: 'M.', MME: 'Mme', DR: 'Dr', PR: 'Pr' };

export function escapeHtml(value) {
    return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const json = (value) => escapeHtml(JSON.stringify(value ?? null, null, 2));
const time = (epoch) => (epoch ? new Date(epoch * 1000).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : '—');

function layout(rp, body) {
    const subtitle = rp
        ? `Application cliente de démonstration d'Esculape — client <code>${escapeHtml(rp.id)}</code>`
        : 'Applications clientes de démonstration d\'Esculape';
    const title = rp ? `Service de démonstration — ${escapeHtml(rp.name)}` : 'Services de démonstration';
    return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${kStyle}</style></head>
<body><header><h1>${title}</h1><p>${subtitle}</p></header><main>${body}</main></body></html>`;
}

function notice(flash) {
    if (!flash) return '';
    return `<section class="${flash.error ? 'error' : 'notice'}"><p>${escapeHtml(flash.text)}</p>${
        flash.detail ? `<p class="muted">${escapeHtml(flash.detail)}</p>` : ''}</section>`;
}

function address(a) {
    const street = [a.numeroVoie, a.indiceRepetitionVoie, kStreetTypes[a.codeTypeDeVoie] ?? a.codeTypeDeVoie,
        a.libelleVoie].filter(Boolean).join(' ');
    return [a.complementDestinataire, a.complementPointGeographique, street, a.mentionDistribution,
        a.bureauCedex || a.codePostal].filter(Boolean).join(', '); // the directory's bureauCedex holds the postcode
}

function place(a) {
    const ids = [a.numeroFinessSite && `FINESS ${a.numeroFinessSite}`,
        a.numeroSiretSite && `SIRET ${a.numeroSiretSite}`].filter(Boolean).join(' · ');
    const name = a.raisonSocialeSite || a.enseigneCommercialeSite || 'Structure sans raison sociale';
    return `<li><strong>${escapeHtml(name)}</strong>${address(a) ? `<br>${escapeHtml(address(a))}` : ''}${
        ids ? `<br><span class="muted">${escapeHtml(ids)}</span>` : ''}</li>`;
}

function professional(info) {
    const exercices = info.SubjectRefPro?.exercices ?? [];
    const civilite = kCivilites[info.SubjectRefPro?.codeCivilite] ?? '';
    const professions = exercices.map((e) => `<li>${escapeHtml(kProfessions[e.codeProfession] ?? 'Profession')} ` +
        `<span class="muted">(code ${escapeHtml(e.codeProfession)})</span></li>`);
    // One activity per profession and place: a place shared by two professions is listed once.
    const places = [...new Set(exercices.flatMap((e) => e.activities ?? []).map(place))];
    const none = '<li class="muted">aucun</li>';
    return `<section><h2>Professionnel connecté</h2><table>
<tr><th>Nom</th><td>${escapeHtml([civilite, info.given_name, info.family_name].filter(Boolean).join(' '))}</td></tr>
<tr><th>Identifiant national</th><td><code>${escapeHtml(info.SubjectNameID ?? info.preferred_username)}</code></td></tr>
<tr><th>Professions</th><td><ul>${professions.join('') || none}</ul></td></tr>
<tr><th>Lieux d'exercice</th><td><ul>${places.join('') || none}</ul></td></tr>
</table></section>`;
}

function tokens(rp, session) {
    const { claims, tokenSet, userinfoSigned } = session;
    const backchannel = rp.backchannelLogout
        ? 'ce service en est averti par le canal arrière (<code>backchannel-logout</code>)'
        : 'pas de <code>backchannel_logout_uri</code> enregistrée : ce service n\'en est pas averti';
    return `<section><h2>Jetons</h2><table>
<tr><th>Niveau d'authentification (acr)</th><td><code>${escapeHtml(claims.acr ?? '—')}</code></td></tr>
<tr><th>Session Esculape (sid)</th><td><code>${escapeHtml(claims.sid ?? '—')}</code><br><span class="muted">Si elle
se ferme (portail, autre service), ${backchannel}.</span></td></tr>
<tr><th>Authentifié le</th><td>${escapeHtml(time(claims.auth_time))}</td></tr>
<tr><th>Jeton d'accès valable jusqu'au</th><td>${escapeHtml(time(tokenSet.expires_at))}</td></tr>
<tr><th>Jeton de rafraîchissement</th><td>${tokenSet.refresh_token ? 'reçu' : 'non délivré'}</td></tr>
<tr><th>Réponse UserInfo</th><td>${userinfoSigned ? `JWT signé ${escapeHtml(userinfoSigned)}, signature vérifiée`
        : 'JSON'}</td></tr>
</table><p>${tokenSet.refresh_token ? `<form method="post" action="refresh"><input type="hidden" name="csrf" value="${
        escapeHtml(session.csrf)}"><button class="button secondary">Rafraîchir le jeton</button></form>` : ''}
<form method="post" action="logout"><input type="hidden" name="csrf" value="${escapeHtml(session.csrf)}">
<button class="button">Se déconnecter</button></form></p></section>`;
}

function links(portalUrl) {
    return `<p><a href="${escapeHtml(portalUrl)}">Retour au portail Esculape</a> · ` +
        '<a href="/">Autres services de démonstration</a></p>';
}

// The relying party's page: a sign-in button, or what it learned about the professional.
export function renderHome(rp, session, portalUrl) {
    const flash = notice(session?.flash);
    if (!session?.claims) {
        return layout(rp, `${flash}<section><h2>Bienvenue</h2>
<p>Ce service est une application cliente (<em>relying party</em>) d'Esculape. Il demande une connexion par le flux
« code d'autorisation » d'OpenID Connect, avec PKCE (S256), <code>state</code> et <code>nonce</code>, le niveau
<code>eidas1</code> et les portées <code>openid scope_all</code>.</p>
<p class="muted">Authentification auprès du point de terminaison des jetons : ${escapeHtml(kAuthMethods[rp.authMethod]
        ?? rp.authMethod)}.</p>
<p><a class="button" href="login">Se connecter avec Esculape</a></p></section>
${links(portalUrl)}`);
    }
    return layout(rp, `${flash}${professional(session.userinfo)}${tokens(rp, session)}
<section><details open><summary>Revendications du jeton d'identité
(signature ${escapeHtml(session.idTokenAlg)} vérifiée)</summary>
<pre>${json(session.claims)}</pre></details></section>
<section><details open><summary>Réponse UserInfo</summary><pre>${json(session.userinfo)}</pre></details></section>
${links(portalUrl)}`);
}

// The list of the relying parties served here.
export function renderIndex(relyingParties, issuer) {
    const items = relyingParties.map((rp) => `<li><a href="${escapeHtml(rp.path)}">${escapeHtml(rp.name)}</a>
<span class="muted">— client <code>${escapeHtml(rp.id)}</code>, ${escapeHtml(rp.authMethod)}</span></li>`);
    return layout(null, `<section><h2>Services disponibles</h2><ul>${items.join('') || '<li>aucun</li>'}</ul>
<p class="muted">Fournisseur d'identité : <code>${escapeHtml(issuer)}</code></p></section>`);
}

export function renderError(rp, title, text, detail) {
    return layout(rp, `<section class="error"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(text)}</p>${
        detail ? `<pre>${escapeHtml(detail)}</pre>` : ''}<p><a class="button" href="${escapeHtml(rp?.path ?? '/')}">` +
        `Revenir au service</a></p></section>`);
}
