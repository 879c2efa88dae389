// A relying party's landing page for the browser tests: an HTTPS server on loopback (the idp's test
// certificate) that records what arrives on /callback.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

export function startLanding(port, certDir) {
    const received = [];
    const server = https.createServer(
        {
            cert: fs.readFileSync(path.join(certDir, 'server.crt')),
            key: fs.readFileSync(path.join(certDir, 'server.key')),
        },
        (req, res) => {
            const url = new URL(req.url, `https://127.0.0.1:${port}`);
            if (url.pathname === '/callback') received.push(Object.fromEntries(url.searchParams));
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(
                '<!DOCTYPE html><html lang="fr"><head><title>Service de test</title></head>' +
                    '<body><h1>Retour au service de test</h1><p id="statut">Code reçu</p></body></html>',
            );
        },
    );
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, received })));
}
