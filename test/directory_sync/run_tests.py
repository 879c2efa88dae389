#!/usr/bin/env python3
"""Integration tests of the directory-sync binary on the project's own fixtures (make_fixtures.py).

  run_tests.py BINARY own     import, re-import, delta journal, faulty file, refusals, variants
  run_tests.py BINARY kill    kill -9 at several moments of an import, then a clean rerun
Exit 0 when every check passes; the first failure is printed with its context.
"""
import json, os, shutil, sqlite3, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))


class Fixture:
    def __init__(self, binary, persons=40):
        self.binary = binary
        self.tmp = tempfile.mkdtemp(prefix="directory-sync-it-")
        subprocess.run([sys.executable, os.path.join(HERE, "make_fixtures.py"), self.tmp, "--persons", str(persons)],
                       check=True)
        self.expected = json.load(open(os.path.join(self.tmp, "expected.json"), encoding="utf-8"))

    def files(self, name):
        folder = os.path.join(self.tmp, name)
        pick = lambda prefix: next((os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.startswith(prefix)), None)
        return {"--personne-activite": pick("PS_LibreAcces_Personne"), "--savoir-faire": pick("PS_LibreAcces_Savoir"),
                "--finess": pick("etalab"), "--mssante": pick("Extraction")}

    def db(self, name="db.sqlite"):
        return os.path.join(self.tmp, name)

    def run(self, db, *args, files=None, expect=0):
        argv = [self.binary, "import", "--db", db, "--json", *args]
        for flag, path in (files or {}).items():
            if path:
                argv += [flag, path]
        done = subprocess.run(argv, capture_output=True, text=True)
        check(done.returncode == expect, "exit %d, expected %d: %s %s" % (done.returncode, expect, done.stdout, done.stderr))
        return json.loads(done.stdout) if done.stdout.strip() else {}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def query(db, sql, *args):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def state(db):
    """Everything an import writes that the idp reads, as comparable rows."""
    return {
        "professionals": query(db, "SELECT national_id, civilite, family_name, given_name, active FROM professionals "
                                   "ORDER BY national_id"),
        "exercices": query(db, "SELECT national_id, position, code_profession, code_categorie, nom_exercice, "
                               "prenom_exercice, code_type_savoir_faire, code_savoir_faire FROM exercices "
                               "ORDER BY national_id, position"),
        "activities": query(db, "SELECT e.national_id, e.position, a.position, a.structure_id, a.code_mode_exercice, "
                                "a.code_role, a.code_genre_activite FROM activities a JOIN exercices e "
                                "ON e.id = a.exercice_id ORDER BY 1, 2, 3"),
        "structures": query(db, "SELECT structure_id, raison_sociale, libelle_voie, libelle_commune FROM structures "
                                "ORDER BY 1"),
        "mailboxes": query(db, "SELECT address, national_id, structure_id, type FROM mssante_addresses ORDER BY 1, 2"),
        "finess": query(db, "SELECT finess, raison_sociale_longue FROM finess_establishments ORDER BY 1"),
    }


def version(db):
    return query(db, "SELECT value FROM directory_meta WHERE key = 'version'")[0][0]


def journal(db, run_id, entity, action):
    return sorted(r[0] for r in query(db, "SELECT entity_key FROM directory_changes WHERE run_id = ? AND entity = ? "
                                          "AND action = ?", run_id, entity, action))


def test_import_and_reimport(fx):
    db = fx.db()
    first = fx.run(db, files=fx.files("base"))
    check(first["status"] == "applied", first)
    check(first["professionals"]["added"] == fx.expected["persons"], first)
    check(first["personne_activite"]["accepted"] == fx.expected["rows"], first)
    check(query(db, "PRAGMA foreign_key_check") == [], "dangling references after the first import")
    check(query(db, "SELECT COUNT(*) FROM exercices e JOIN professionals p USING (national_id) "
                    "WHERE p.family_name = 'LEFÈVRE'")[0][0] >= 1, "accented names stored in UTF-8")
    kine = query(db, "SELECT code_savoir_faire FROM exercices WHERE code_profession = '70' LIMIT 1")
    check(kine == [("SKI01",)], "SavoirFaire fills the physiotherapists' specialty: %s" % kine)
    before, v = state(db), version(db)
    again = fx.run(db, files=fx.files("base"))
    check(again["status"] == "unchanged", again)
    check(version(db) == v and state(db) == before, "a re-import changed the directory")
    return before


def test_variants(fx, base_state):
    """The same extraction as ZIP, or in Windows-1252 with CRLF endings, is the same directory."""
    db = fx.db()
    zipped = os.path.join(fx.tmp, "variants", "PS_LibreAcces_202601050842.zip")
    out = fx.run(db, files={**fx.files("base"), "--personne-activite": zipped, "--savoir-faire": zipped})
    check(out["status"] == "unchanged", ("zip", out))
    legacy = os.path.join(fx.tmp, "variants", "PS_LibreAcces_Personne_activite_cp1252.txt")
    out = fx.run(db, files={**fx.files("base"), "--personne-activite": legacy})
    check(out["status"] == "unchanged" and out["personne_activite"]["rejected"] == 0, ("cp1252+crlf", out))
    check(state(db) == base_state, "variants changed the directory")


def test_delta(fx):
    db, d = fx.db(), fx.expected["delta"]
    query(db, "INSERT INTO accounts(login, national_id) VALUES ('lie', ?)", d["removed_with_account"])
    query(db, "INSERT INTO local_overrides(national_id, field, value, updated_at) VALUES (?, 'family_name', 'X', 1)",
          d["renamed"])
    dry = fx.run(db, "--dry-run", files=fx.files("delta"))
    check(dry["status"] == "dry-run" and dry["professionals"]["changed"] == len(d["changed"]), dry)
    v = version(db)
    out = fx.run(db, files=fx.files("delta"))
    check(out["status"] == "applied" and version(db) == v + 1, out)
    run = out["run_id"]
    check(journal(db, run, "professional", "changed") == d["changed"], ("changed", journal(db, run, "professional", "changed")))
    check(journal(db, run, "professional", "added") == d["added"], "added")
    check(journal(db, run, "professional", "removed") == d["removed"], "removed")
    check(journal(db, run, "structure", "added") == d["structures_added"], journal(db, run, "structure", "added"))
    check(journal(db, run, "finess", "changed") == sorted(d["finess_changed"]), "finess changed")
    check(query(db, "SELECT fields FROM directory_changes WHERE run_id = ? AND entity = 'finess' AND action = 'changed'",
                run) == [(v,) for v in d["finess_changed"].values()], "finess fields")
    check(journal(db, run, "finess", "added") == d["finess_added"], "finess added")
    check(journal(db, run, "mssante", "added") == d["mssante_added"], "mssante added")
    check(journal(db, run, "mssante", "removed") == d["mssante_removed"], "mssante removed")
    check(journal(db, run, "mssante", "changed") == d["mssante_changed"], "mssante changed")
    check(query(db, "SELECT fields FROM directory_changes WHERE run_id = ? AND entity_key = ?", run, d["renamed"]) ==
          [("name",)], "the renamed professional's journal names the field")
    kept = query(db, "SELECT active, family_name FROM professionals WHERE national_id = ?", d["removed_with_account"])
    check(kept and kept[0][0] == 0, "a removed professional is kept, inactive")
    check(query(db, "SELECT field FROM override_notices WHERE run_id = ?", run) == [("family_name",)],
          "the national name changed under a local override")
    check(query(db, "SELECT value FROM local_overrides")[0][0] == "X", "overrides are never written by an import")
    check(fx.run(db, files=fx.files("delta"))["status"] == "unchanged", "re-importing the delta")


def test_faulty(fx):
    db, f = fx.db("faulty.sqlite"), fx.expected["faulty"]
    rejects = os.path.join(fx.tmp, "rejects.tsv")
    files = {"--personne-activite": fx.files("faulty")["--personne-activite"]}
    refused = fx.run(db, "--rejects", rejects, files=files, expect=1)
    check(refused["status"] == "refused" and "reject" in refused["message"], refused)
    check(query(db, "SELECT COUNT(*) FROM professionals")[0][0] == 0, "a refused run applied something")
    out = fx.run(db, "--rejects", rejects, "--max-reject-share", "0.5", files=files)
    lines = [l.rstrip("\n").split("\t") for l in open(rejects, encoding="utf-8")][1:]
    got = {l[1]: l[3] for l in lines if l[2] == "rejected"}
    check(got == f["rejected"], ("rejected lines", got, f["rejected"]))
    check([int(l[1]) for l in lines if l[2] == "repaired"] == f["repaired"], "repaired lines")
    check([int(l[1]) for l in lines if l[2] == "duplicate"] == f["duplicates"], "duplicate lines")
    check(out["personne_activite"]["lines"] == f["data_lines"], out)
    # Every good row imported: the faulty file gives exactly the directory of the clean one.
    clean = fx.db("clean.sqlite")
    fx.run(clean, files={"--personne-activite": fx.files("base")["--personne-activite"]})
    mine, theirs = state(db), state(clean)
    for key in ("professionals", "exercices", "activities", "structures"):
        check(mine[key] == theirs[key], "faulty import differs from the clean one in %s" % key)


def test_refusals(fx):
    """A truncated download or a changed format refuses the run and changes nothing."""
    db = fx.db()
    before, v = state(db), version(db)
    source = fx.files("delta")["--personne-activite"]
    truncated = os.path.join(fx.tmp, "truncated.txt")
    lines = open(source, encoding="utf-8").read().splitlines(True)
    open(truncated, "w", encoding="utf-8").writelines(lines[: len(lines) // 2])
    out = fx.run(db, files={"--personne-activite": truncated}, expect=1)
    check(out["status"] == "refused" and "previous run" in out["message"], out)
    renamed = os.path.join(fx.tmp, "renamed-header.txt")
    open(renamed, "w", encoding="utf-8").writelines([lines[0].replace("Code profession|", "Code métier|")] + lines[1:])
    out = fx.run(db, files={"--personne-activite": renamed}, expect=1)
    check("Code métier" in out["message"], out)
    check(state(db) == before and version(db) == v, "a refused run changed the directory")
    runs = subprocess.run([fx.binary, "runs", "--db", db, "--json"], capture_output=True, text=True, check=True)
    statuses = [r["status"] for r in json.loads(runs.stdout)]
    check(statuses[:2] == ["refused", "refused"] and "applied" in statuses, statuses)
    usage = subprocess.run([fx.binary, "import", "--db", db], capture_output=True, text=True)
    check(usage.returncode == 2, "usage errors exit 2")
    shown = subprocess.run([fx.binary, "show", fx.expected["delta"]["renamed"], "--db", db], capture_output=True,
                           text=True, check=True)
    check(json.loads(shown.stdout)["family_name"] == fx.expected["delta"]["new_family_name"], shown.stdout)


def own(binary):
    fx = Fixture(binary)
    base_state = test_import_and_reimport(fx)
    test_variants(fx, base_state)
    test_delta(fx)
    test_refusals(fx)
    test_faulty(fx)
    shutil.rmtree(fx.tmp)
    print("directory-sync own fixtures: all checks passed")


def kill_during(fx, db, files, delay):
    process = subprocess.Popen([fx.binary, "import", "--db", db, "--quiet", *sum(([k, v] for k, v in files.items() if v), [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.kill()  # SIGKILL: no destructor, no rollback statement
    return process.wait()


def timed(fx, db, name):
    started = time.monotonic()
    out = fx.run(db, files=fx.files(name))
    return out, time.monotonic() - started


def kill(binary):
    fx = Fixture(binary, persons=60000)
    # Uninterrupted reference run, which also tells when "mid-import" is on this machine and build.
    reference = fx.db("reference.sqlite")
    _, first_seconds = timed(fx, reference, "base")
    _, delta_seconds = timed(fx, reference, "delta")
    db = fx.db()
    killed = 0
    for share in (0.15, 0.45, 0.75):
        if kill_during(fx, db, fx.files("base"), first_seconds * share) != 0:
            killed += 1
            check(query(db, "PRAGMA integrity_check") == [("ok",)], "database damaged by kill -9")
            check(query(db, "SELECT COUNT(*) FROM professionals")[0][0] == 0, "a killed first import left rows")
    check(killed > 0, "no import was killed mid-way")
    out = fx.run(db, files=fx.files("base"))
    check(out["status"] == "applied" and out["professionals"]["added"] == fx.expected["persons"], out)
    base_state, v = state(db), version(db)
    for share in (0.2, 0.5, 0.8):
        kill_during(fx, db, fx.files("delta"), delta_seconds * share)
        check(query(db, "PRAGMA integrity_check") == [("ok",)], "database damaged by kill -9")
        if version(db) == v:
            check(state(db) == base_state, "a killed delta left a partial state")
    out = fx.run(db, files=fx.files("delta"))
    check(out["status"] in ("applied", "unchanged"), out)
    check(state(db) == state(reference), "rerun after kills differs from an uninterrupted import")
    statuses = [r[0] for r in query(db, "SELECT status FROM directory_runs ORDER BY id")]
    check("interrupted" in statuses, statuses)
    check(query(db, "PRAGMA journal_mode") == [("wal",)], "WAL mode restored after the bulk load")
    shutil.rmtree(fx.tmp)
    print("directory-sync kill -9: %d first imports killed (runs %s), state intact, rerun complete"
          % (killed, statuses))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("own", "kill"):
        print(__doc__)
        sys.exit(2)
    {"own": own, "kill": kill}[sys.argv[2]](sys.argv[1])
