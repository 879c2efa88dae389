#!/usr/bin/env python3
"""Cross-checks directory-sync against the shared generator's samples and manifests.

  shared_check.py BINARY DATA_DIR      (DATA_DIR = ../shared/data; exit 77 = skipped when absent)
sample/base: every row imported; sample/delta: the journal equals the manifest's lists; sample/faulty:
every injected defect reported at its line, every good row imported.
"""
import collections, json, os, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_tests import Fixture, check, journal, query, state  # noqa: E402

SKIP = 77


def inputs(folder):
    m = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
    n = m["names"]
    files = {"--personne-activite": os.path.join(folder, n["pa"]), "--finess": os.path.join(folder, n["f502"]),
             "--mssante": os.path.join(folder, n["mss"])}
    if n.get("sf") and os.path.exists(os.path.join(folder, n["sf"])):
        files["--savoir-faire"] = os.path.join(folder, n["sf"])
    return m, files


def person_rows(path):
    """Distinct rows per national id, as sets (what a professional is made of)."""
    rows = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\r\n").split("|")
            if len(fields) == 57:
                rows[fields[2]].add(line)
    return rows


def check_base_and_delta(fx, data):
    db = fx.db()
    base_m, base_files = inputs(os.path.join(data, "sample", "base"))
    out = fx.run(db, files=base_files)
    check(out["professionals"]["added"] == base_m["counts"]["persons"], out)
    check(out["personne_activite"]["rejected"] == 0, out)
    check(out["mssante"]["lines"] == base_m["counts"]["mssante_per"] + base_m["counts"]["mssante_org"], out)
    delta_m, delta_files = inputs(os.path.join(data, "sample", "delta"))
    out = fx.run(db, files=delta_files)
    run, d = out["run_id"], delta_m["delta"]
    # A manifest change that only duplicates an existing row exactly changes no professional:
    # exact duplicates are merged (issue 3, validation), so the journal rightly omits it.
    before, after = person_rows(base_files["--personne-activite"]), person_rows(delta_files["--personne-activite"])
    manifest_changed = {c["id"] for c in d["persons_changed"]}
    no_ops = {p for p in manifest_changed if before[p] == after[p]}
    for p in no_ops:
        kinds = {c["type"] for c in d["persons_changed"] if c["id"] == p for c in c["changes"]}
        check(kinds == {"activity_added"}, ("a manifest change with no effect that is not a duplicate row", p, kinds))
    check(set(journal(db, run, "professional", "changed")) == manifest_changed - no_ops, "changed professionals")
    check(set(journal(db, run, "professional", "added")) == set(d["persons_added"]), "added professionals")
    check(set(journal(db, run, "professional", "removed")) == set(d["persons_removed"]), "removed professionals")
    check(set(journal(db, run, "finess", "added")) == set(d["finess_added"]), "finess added")
    check(set(journal(db, run, "finess", "changed")) == {c["finess"] for c in d["finess_changed"]}, "finess changed")
    for c in d["finess_changed"]:
        fields = query(db, "SELECT fields FROM directory_changes WHERE run_id = ? AND entity_key = ?", run, c["finess"])
        check(c["field"] in fields[0][0].split(","), ("finess field", c, fields))
    for kind in ("added", "removed", "changed"):
        check(set(journal(db, run, "mssante", kind)) == set(d["mssante_" + kind]), "mssante " + kind)
    print("shared delta: journal matches the manifest (%d changed, %d no-op duplicate rows)"
          % (len(manifest_changed - no_ops), len(no_ops)))
    return db


def check_faulty(fx, data):
    faulty_m, files = inputs(os.path.join(data, "sample", "faulty"))
    _, clean_files = inputs(os.path.join(data, "sample", "base"))
    rejects = os.path.join(fx.tmp, "shared-rejects.tsv")
    db, clean = fx.db("shared-faulty.sqlite"), fx.db("shared-clean.sqlite")
    out = fx.run(db, "--rejects", rejects, "--max-reject-share", "0.05",
                 files={"--personne-activite": files["--personne-activite"]})
    fx.run(clean, files={"--personne-activite": clean_files["--personne-activite"]})
    reported = {}
    for line in list(open(rejects, encoding="utf-8"))[1:]:
        _, number, action, reason, _ = line.rstrip("\n").split("\t")
        reported[int(number)] = (action, reason)
    expected_action = {"invalid_utf8": "repaired", "duplicate_row": "duplicate"}
    recovered = set()
    for fault in faulty_m["faults"]:
        for number in fault.get("lines", [fault["line"]]):
            action = expected_action.get(fault["type"], "rejected")
            check(number in reported and reported[number][0] == action, ("defect not reported", fault, reported.get(number)))
        if fault["type"] == "invalid_utf8":
            recovered.add(fault["identifiant"])
    repaired_lines = [f["line"] for f in faulty_m["faults"] if f["type"] == "invalid_utf8"]
    check(out["personne_activite"]["rejected"] ==
          len(faulty_m["expected_import"]["rejected_lines"]) - len(repaired_lines), out)
    # Every good row imported: the faulty file's directory is the clean one minus the persons whose only
    # rows were destroyed (a repaired line loses nobody).
    lost = set(faulty_m["expected_import"]["persons_lost"]) - recovered
    damaged = {f["identifiant"] for f in faulty_m["faults"]} - recovered  # lost some (not all) rows
    mine, theirs = state(db), state(clean)
    for key in ("professionals", "exercices", "activities"):
        check([r for r in mine[key] if r[0] not in damaged] == [r for r in theirs[key] if r[0] not in damaged],
              "faulty import differs from the clean one in " + key)
        check(set(mine[key]) <= set(theirs[key]), "rows that are not in the clean file: " + key)
    check(not lost & {r[0] for r in mine["professionals"]}, "persons without any good row were imported")
    print("shared faulty: %d defects reported, %d persons lost, %d recovered by repair"
          % (len(faulty_m["faults"]), len(lost), len(recovered)))


def main():
    binary, data = sys.argv[1], sys.argv[2]
    if not os.path.isdir(os.path.join(data, "sample", "base")):
        print("SKIP: %s not found (the shared generator's samples live outside this repository)" % data)
        sys.exit(SKIP)
    fx = Fixture.__new__(Fixture)
    fx.binary, fx.tmp = binary, tempfile.mkdtemp(prefix="directory-sync-shared-")
    check_base_and_delta(fx, data)
    check_faulty(fx, data)
    shutil.rmtree(fx.tmp)
    print("directory-sync shared samples: all checks passed")


if __name__ == "__main__":
    main()
