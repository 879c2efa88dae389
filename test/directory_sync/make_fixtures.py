#!/usr/bin/env python3
"""Writes small synthetic extractions in the published layouts (docs/directory-sync.md) with known
deltas and defects, and expected.json describing them, for the directory-sync integration tests.

  make_fixtures.py OUT [--persons N] [--seed S]

OUT/base, OUT/delta (next day), OUT/faulty (base + defective lines), OUT/variants (the base file in
Windows-1252 with CRLF endings, and zipped). Every identifier is synthetic (RPPS numbers start with
19, never allocated); same arguments give byte-identical files.
"""
import argparse, json, os, random, zipfile

PA_HEADER = ("Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
             "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|"
             "Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|"
             "Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|"
             "Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|"
             "Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|"
             "Enseigne commerciale site|Complément destinataire (coord. structure)|"
             "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
             "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
             "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
             "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
             "Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|"
             "Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|"
             "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|"
             "Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|"
             "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
             "Code section tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|"
             "Code genre activité|Libellé genre activité").split("|")
SF_HEADER = PA_HEADER[0:3] + PA_HEADER[7:13] + PA_HEADER[13:17]
MSS_HEADER = ("Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|"
              "Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|"
              "Nom d'exercice|Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|"
              "Code Profession|Libellé Profession|Code savoir-faire|Libellé savoir-faire|Dématérialisation|"
              "Raison Sociale structure BAL|Enseigne commerciale structure BAL|"
              "L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION structure BAL|"
              "L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL|"
              "L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL|"
              "Code postal structure BAL|Département structure BAL|Pays structure BAL").split("|")
PROFESSIONS = [("10", "Médecin"), ("60", "Infirmier"), ("70", "Masseur-Kinésithérapeute"), ("21", "Pharmacien")]
NAMES = ["MOREAU", "LEFÈVRE", "GARÇON", "N'DIAYE", "DUPONT-NOËL", "ÉVRARD", "MARTIN", "BERNARD"]
FIRST = ["Jérémy", "Céline", "Inès", "Zoé", "François", "Anaïs", "Loïc", "Hélène"]
COL = {name: i for i, name in enumerate(PA_HEADER)}


def luhn_key(digits):
    total = 0
    for i, ch in enumerate(reversed(digits + "0")):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def rpps(n):
    body = "19" + "%08d" % n
    return body + luhn_key(body)


def finess(n):
    body = "97" + "%06d" % n
    return body + luhn_key(body)


class World:
    def __init__(self, persons, seed):
        self.rng = random.Random(seed)
        self.places = [self.finess_place(i) for i in range(6)]
        self.people = [self.person(i) for i in range(persons)]

    def finess_place(self, i):
        f = finess(100 + i)
        return {"id": "F" + f, "finess": f, "ej": finess(900 + i), "rs": "CH NUMERO %d" % i,
                "rslongue": "CENTRE HOSPITALIER NUMERO %d" % i, "voie": "DE LA RÉPUBLIQUE",
                "commune": "Saint-Étienne", "cp": "42000", "insee": "42218", "secteur": "SA01"}

    def cabinet(self, n, name):
        return {"id": "R%d" % (5000000 + n), "finess": "", "ej": "", "rs": "CABINET " + name, "rslongue": "",
                "voie": "JEAN JAURÈS", "commune": "Nîmes", "cp": "30000", "insee": "30189", "secteur": "SA07"}

    def person(self, i):
        rng = self.rng
        adeli = i % 7 == 3
        ident = "%09d" % (599000000 + i) if adeli else rpps(1000 + i * 37)
        prof = PROFESSIONS[i % len(PROFESSIONS)]
        p = {"type": "0" if adeli else "8", "ident": ident, "nat": ("0" if adeli else "8") + ident,
             "nom": NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else " %d" % i),
             "prenom": FIRST[(i * 3) % len(FIRST)], "prof": prof, "acts": []}
        n_acts = 0 if i % 10 == 9 else 1 + (i % 3 == 0)
        for k in range(n_acts):
            place = self.places[rng.randrange(len(self.places))] if k or i % 2 else self.cabinet(i, p["nom"])
            p["acts"].append({"place": place, "mode": "S" if place["finess"] else "L",
                              "role": "FON-33" if k else "", "genre": "GENR01"})
        return p


def pa_row(p, act, label_suffix=""):
    f = [""] * len(PA_HEADER)
    f[0], f[1], f[2] = p["type"], p["ident"], p["nat"]
    f[5], f[6], f[7], f[8] = "MME", "Madame", p["nom"], p["prenom"]
    f[9], f[10] = p["prof"][0], p["prof"][1] + label_suffix
    f[11], f[12] = "C", "Civil"
    if p["prof"][0] == "10":
        f[3], f[4], f[13], f[14], f[15], f[16] = "DR", "Docteur", "S", "Spécialité ordinale", "SM53", "Médecine générale"
    if act:
        pl = act["place"]
        f[17], f[18] = act["mode"], "Salarié" if act["mode"] == "S" else "Libéral, indépendant, artisan, commerçant"
        f[21], f[22], f[23], f[24] = pl["finess"], pl["ej"], pl["id"], pl["rs"]
        f[26] = 'RÉSIDENCE "LES TILLEULS"'  # a quote is plain content
        f[32], f[35], f[36], f[37] = pl["voie"], pl["cp"], pl["insee"], pl["commune"]
        f[47], f[48], f[49] = "CNOM/CNOM/ARS", pl["secteur"], "Etablissement Public de santé"
        f[52], f[53] = act["role"], "Salarié en poste fixe" if act["role"] else ""
        f[54], f[55] = act["genre"], "Activité de soin et de pharmacie"
    return "|".join(f) + "|"


def pa_lines(world, label_changes=(), reversed_ids=()):
    lines = ["|".join(PA_HEADER) + "|"]
    for p in world.people:
        rows = [pa_row(p, a, " (nouveau libellé)" if p["nat"] in label_changes else "") for a in p["acts"]] or [pa_row(p, None)]
        lines += list(reversed(rows)) if p["nat"] in reversed_ids else rows
    return lines


def sf_lines(world):
    lines = ["|".join(SF_HEADER) + "|"]
    for p in world.people:
        if p["prof"][0] == "70":
            lines.append("|".join([p["type"], p["ident"], p["nat"], p["nom"], p["prenom"], p["prof"][0], p["prof"][1],
                                   "C", "Civil", "CEX", "Compétence exclusive", "SKI01", "Kinésithérapie du sport"]) + "|")
    return lines


def finess_lines(world, date):
    lines = ["finess;etalab;111;%s" % date]
    for pl in world.places:
        rec = ["structureet", pl["finess"], pl["ej"], pl["rs"], pl["rslongue"], "", "", "12", "RUE", pl["voie"], "",
               "", "218", "42", "LOIRE", pl["cp"] + " SAINT ETIENNE", "", "", "355", "Centre Hospitalier (C.H.)",
               "1102", "Centres Hospitaliers", "", "8610Z", "03", "ARS", "1", "Etablissement public de santé",
               "1980-02-11", "1980-02-11", "2018-01-12", ""]
        lines.append(";".join('"%s"' % v.replace('"', '""') if ('"' in v or ";" in v) else v for v in rec))
    return lines


def mss_lines(world, service=None):
    lines = ["|".join(MSS_HEADER)]
    for p in world.people:
        if p["prof"][0] in ("10", "21") and p["acts"]:
            pl = p["acts"][0]["place"]
            addr = "%s.%s@example.mssante.fr" % (p["prenom"].lower(), p["ident"])
            f = ["PER", addr, p["type"], p["ident"], p["nat"], "1", "1" + pl["finess"], (service or {}).get(addr, ""),
                 "", p["nom"], p["prenom"], "C", "Civil", p["prof"][0], p["prof"][1], "", "", "true", pl["rs"]] + [""] * 12
            lines.append("|".join(f))
    lines.append("|".join(["ORG", "accueil@ch0.example.mssante.fr", "", "", "", "1", "1" + world.places[0]["finess"],
                           "Accueil"] + [""] * 10 + [world.places[0]["rs"]] + [""] * 12))
    return lines


def write(path, lines, encoding="utf-8", eol="\n"):
    with open(path, "wb") as out:
        for line in lines:
            out.write((line if isinstance(line, bytes) else line.encode(encoding)) + eol.encode())


def write_set(folder, world, stamp, date, label_changes=(), reversed_ids=(), service=None, finess_lines_=None):
    os.makedirs(folder, exist_ok=True)
    write(os.path.join(folder, "PS_LibreAcces_Personne_activite_%s.txt" % stamp), pa_lines(world, label_changes, reversed_ids))
    write(os.path.join(folder, "PS_LibreAcces_SavoirFaire_%s.txt" % stamp), sf_lines(world))
    write(os.path.join(folder, "etalab-cs1100502-stock-%s-0339.csv" % date.replace("-", "")),
          finess_lines_ or finess_lines(world, date), encoding="cp1252")
    write(os.path.join(folder, "Extraction_Correspondance_MSSante_%s.txt" % stamp), mss_lines(world, service))


def make_delta(world):
    """Applies known changes to `world` and returns what the journal must say."""
    people = {p["nat"]: p for p in world.people}
    ids = [p["nat"] for p in world.people]
    renamed, moved, grown, changed_prof, removed, removed_with_account = ids[1], ids[5], ids[6], ids[7], ids[3], ids[4]
    people[renamed]["nom"] = "RENOMMÉE"
    first = people[moved]["acts"][0]
    target = world.places[(world.places.index(first["place"]) + 1) % 6] if first["place"] in world.places else world.places[0]
    people[moved]["acts"][0] = dict(first, place=target)
    new_cabinet = world.cabinet(9999, "NOUVEAU")
    people[grown]["acts"].append({"place": new_cabinet, "mode": "L", "role": "", "genre": "GENR02"})
    people[changed_prof]["prof"] = ("80", "Pédicure-Podologue")
    world.people = [p for p in world.people if p["nat"] not in (removed, removed_with_account)]
    added = [world.person(len(ids) + k) for k in range(2)]
    world.people += added
    world.places[2] = dict(world.places[2], rslongue="CENTRE HOSPITALIER NUMERO 2 - SITE NORD")
    world.places.append(world.finess_place(6))
    return {"renamed": renamed, "new_family_name": "RENOMMÉE", "changed": sorted([renamed, moved, grown, changed_prof]),
            "added": sorted(p["nat"] for p in added), "removed": sorted([removed, removed_with_account]),
            "removed_with_account": removed_with_account, "structures_added": [new_cabinet["id"]],
            "finess_changed": {world.places[2]["finess"]: "rslongue"}, "finess_added": [world.places[6]["finess"]],
            "label_only": ids[8], "reordered": ids[12]}


def make_faulty(folder, lines, stamp):
    """Inserts defective lines among the base rows; returns the expected report by line number."""
    good = lines[1:]
    victim = good[2]
    fields = victim.split("|")
    bad_key = rpps(5)[:-1] + str((int(rpps(5)[-1]) + 1) % 10)
    repaired_at = next(i for i in range(4, len(good)) if "é" in good[i])
    inserted = {  # after good row i: (expected reason, line text)
        0: ("column_count", "|".join(fields[:30] + fields[31:])),
        1: ("column_count", "|".join(fields[:24] + ["CABINET|BIS"] + fields[25:])),
        2: ("invalid_utf8", victim.encode("utf-8").replace(b"|C|", b"|C\x81|", 1)),
        3: ("empty_identifier", "|".join(fields[:1] + ["", ""] + fields[3:])),
        5: ("rpps_check_key", "|".join(fields[:1] + [bad_key, "8" + bad_key] + fields[3:])),
        6: ("overlong_field", "|".join(fields[:24] + ["A" * 5000] + fields[25:])),
        7: ("duplicate", good[7]),  # an exact copy right after its original, as in the real file
    }
    out, expected, line_no = [lines[0]], {"rejected": {}, "repaired": [], "duplicates": []}, 1
    for i, row in enumerate(good):
        line_no += 1
        if i == repaired_at:  # the row itself, damaged: repaired from Windows-1252, not lost
            out.append(row.encode("utf-8").replace("é".encode(), b"\xe9", 1))
            expected["repaired"].append(line_no)
        else:
            out.append(row)
        if i in inserted:
            kind, text = inserted[i]
            out.append(text)
            line_no += 1
            (expected["duplicates"].append(line_no) if kind == "duplicate" else
             expected["rejected"].__setitem__(line_no, kind))
        if i == 8:  # a line break inside a field: both halves rejected
            cut = victim.index("|", 100)
            out += [victim[:cut], victim[cut + 1:]]
            expected["rejected"][line_no + 1] = expected["rejected"][line_no + 2] = "column_count"
            line_no += 2
    os.makedirs(folder, exist_ok=True)
    write(os.path.join(folder, "PS_LibreAcces_Personne_activite_%s.txt" % stamp), out)
    expected["rejected"] = {str(k): v for k, v in sorted(expected["rejected"].items())}
    expected["data_lines"] = line_no - 1
    return expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--persons", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    base_stamp, delta_stamp = "202601050842", "202601060842"
    world = World(args.persons, args.seed)
    base = os.path.join(args.out, "base")
    write_set(base, world, base_stamp, "2026-01-05")
    base_lines = pa_lines(world)
    people_base = len(world.people)
    variants = os.path.join(args.out, "variants")
    os.makedirs(variants, exist_ok=True)
    write(os.path.join(variants, "PS_LibreAcces_Personne_activite_cp1252.txt"), base_lines, encoding="cp1252", eol="\r\n")
    with zipfile.ZipFile(os.path.join(variants, "PS_LibreAcces_%s.zip" % base_stamp), "w", zipfile.ZIP_DEFLATED) as z:
        z.write(os.path.join(base, "PS_LibreAcces_Personne_activite_%s.txt" % base_stamp),
                "PS_LibreAcces_Personne_activite_%s.txt" % base_stamp)
        z.write(os.path.join(base, "PS_LibreAcces_SavoirFaire_%s.txt" % base_stamp),
                "PS_LibreAcces_SavoirFaire_%s.txt" % base_stamp)
    faulty = make_faulty(os.path.join(args.out, "faulty"), base_lines, base_stamp)
    before = {l.split("|")[1]: l for l in mss_lines(world)[1:]}
    places_before = {a["place"]["id"] for p in world.people for a in p["acts"]}
    delta = make_delta(world)
    delta["structures_added"] = sorted({a["place"]["id"] for p in world.people for a in p["acts"]} - places_before)
    current = set(mss_lines(world))
    unchanged = sorted(a for a, l in before.items() if l in current and l.startswith("PER|"))
    service = {unchanged[0]: "Cardiologie"}  # a mailbox whose line changes without anything else changing
    write_set(os.path.join(args.out, "delta"), world, delta_stamp, "2026-01-06", label_changes={delta["label_only"]},
              reversed_ids={delta["reordered"]}, service=service)
    after = {l.split("|")[1]: l for l in mss_lines(world, service)[1:]}
    delta["mssante_added"] = sorted(set(after) - set(before))
    delta["mssante_removed"] = sorted(set(before) - set(after))
    delta["mssante_changed"] = sorted(a for a in set(before) & set(after) if before[a] != after[a])
    expected = {"persons": people_base, "rows": len(base_lines) - 1, "delta": delta, "faulty": faulty}
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
