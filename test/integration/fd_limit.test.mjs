// Running out of file descriptors: with `ulimit -n 64` and max_connections = 1024 the server warns at
// start-up, and when accept() fails with EMFILE it backs off (no busy loop), logs once, and serves again
// as soon as descriptors come back.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { prepareIdp, runIdp, idpBin } from './lib/harness.mjs';
import { request } from './lib/http.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// CPU time (user + system) of a process in seconds, from /proc/<pid>/stat (fields 14 and 15, in clock ticks).
function cpuSeconds(pid) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

describe('descriptor exhaustion', { timeout: 90000 }, () => {
    let prepared, child, out = '';
    const sockets = [];
    before(async () => {
        prepared = await prepareIdp({
            server: { max_connections: 1024, max_connections_per_address: 1000, first_byte_timeout: 60, read_timeout: 60 },
        });
        for (const cmd of ['migrate', 'demo-seed']) {
            const r = await runIdp([cmd, '--config', prepared.configPath]);
            assert.equal(r.code, 0, r.stderr);
        }
        // dash's ulimit sets the soft and the hard limit: the server cannot raise it.
        child = spawn('sh', ['-c', 'ulimit -n 64 && exec "$0" serve --config "$1"', idpBin(), prepared.configPath], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const deadline = Date.now() + 20000;
        while (!/esculape: listening on/.test(out) && Date.now() < deadline && child.exitCode === null) await sleep(100);
        assert.match(out, /esculape: listening on/, `idp did not start under ulimit -n 64:\n${out}`);
    });
    after(async () => {
        for (const s of sockets) s.destroy();
        child?.kill('SIGKILL');
        if (prepared && !process.env.IDP_KEEP_TMP) fs.rmSync(prepared.tmp, { recursive: true, force: true });
    });

    test('start-up warns that the open-file limit is below max_connections', () => {
        const line = out.split('\n').find((l) => l.includes('"descriptor_limit"'));
        assert.ok(line, `no descriptor_limit warning in:\n${out}`);
        const entry = JSON.parse(line);
        assert.equal(entry.level, 'warn');
        assert.match(entry.message, /RLIMIT_NOFILE\) is 64/);
        assert.match(entry.message, /max_connections/);
    });

    test('EMFILE: no busy loop, one log line, and service resumes when descriptors are freed', async () => {
        // More connections than descriptors: the kernel queues the rest in the backlog, accept() fails with EMFILE.
        for (let i = 0; i < 100; ++i) {
            const s = net.connect({ host: '127.0.0.1', port: prepared.port });
            s.on('error', () => {});
            sockets.push(s);
        }
        await sleep(1000);
        const cpu0 = cpuSeconds(child.pid);
        const t0 = Date.now();
        await sleep(2000);
        const share = (cpuSeconds(child.pid) - cpu0) / ((Date.now() - t0) / 1000);
        assert.ok(share < 0.3, `the server used ${(share * 100).toFixed(0)} % of a CPU while out of descriptors`);
        const failures = out.split('\n').filter((l) => l.includes('"accept_failed"'));
        assert.equal(failures.length, 1, `accept failure logged once:\n${failures.join('\n')}`);
        assert.match(JSON.parse(failures[0]).reason, /open files/i);

        for (const s of sockets.splice(0)) s.destroy();
        let res;
        for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(200)) {
            res = await request(`${prepared.config.issuer.replace(/\/auth.*$/, '')}/healthz`, {
                ca: fs.readFileSync(`${prepared.certDir}/server.crt`),
                timeout: 2000,
            }).catch((e) => e);
            if (res.status === 200) break;
        }
        assert.equal(res.status, 200, `served again after the descriptors came back (${res})`);
        assert.ok(out.includes('"accept_recovered"'), 'recovery logged');
    });
});
