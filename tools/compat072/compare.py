"""Diff what rauth 0.7.2 and ours handed requests.Session.request, per case,
and write REPORT.md grouped by kind of difference.

usage: python3 compare.py out07.jsonl outmain.jsonl REPORT.md
"""

import collections
import datetime
import json
import sys
from urllib.parse import unquote_to_bytes


def load(path):
    meta, recs = None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] == "_meta":
                meta = r
            else:
                recs[r["id"]] = r
    return meta, recs


def tname(v):
    """Type name of a serialised value (see record.ser)."""
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, str):
        return "str"
    if isinstance(v, dict):
        for tag in ("int", "float", "bytes", "tuple", "list", "other"):
            if tag in v:
                return v[tag] if tag == "other" else tag
        if "map" in v:
            return v["map"]
        if "auth" in v:
            return v["auth"]
    return "?"


def short(v, n=220):
    s = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= n else s[:n] + "..."


def plain(v):
    """Readable form of a serialised value for examples."""
    if isinstance(v, dict):
        if "bytes" in v:
            return v["bytes"]
        if "int" in v:
            return v["int"]
        if "float" in v:
            return float(v["float"])
        if "map" in v:
            return (
                {f"{plain(k)}": plain(x) for k, x in v["items"]}
                if v["map"] == "dict"
                else {v["map"]: [[plain(k), plain(x)] for k, x in v["items"]]}
            )
        if "list" in v:
            return [plain(x) for x in v["list"]]
        if "tuple" in v:
            return tuple(plain(x) for x in v["tuple"])
        if "auth" in v:
            return {k: plain(x) for k, x in v.items()}
        if "other" in v:
            return v["repr"]
    return v


def keyname(k):
    return k if isinstance(k, str) else json.dumps(k, ensure_ascii=False)


def map_entry_diff(a, b, casefold=False):
    """Names of entries that differ between two serialised maps (by key)."""

    def d(m):
        out = collections.OrderedDict()
        for k, v in m["items"]:
            kk = keyname(k)
            out[kk.lower() if casefold else kk] = v
        return out

    da, db = d(a), d(b)
    names = []
    for k in list(da) + [k for k in db if k not in da]:
        if da.get(k, "<absent>") != db.get(k, "<absent>"):
            if k not in da:
                names.append("+" + k)  # only in ours
            elif k not in db:
                names.append("-" + k)  # only in 0.7.2
            else:
                names.append(k)
    return names


def split_query_bytes(s):
    """bytes repr -> list of (name, value) after percent-decoding."""
    raw = eval(s)  # our own repr(bytes)
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        k, _, v = part.partition(b"=")
        pairs.append((unquote_to_bytes(k), unquote_to_bytes(v)))
    return raw, pairs


def entries_kind(where, names):
    sig = [n for n in names if n.lstrip("+-") in ("oauth_signature", "oflyApiSig")]
    rest = [n for n in names if n not in sig]
    if not rest:
        return "only the signature differs ({}, in {})".format(",".join(sig), where)
    return "{}: entries differ [{}]{}".format(
        where, ", ".join(sorted(rest)), " + signature" if sig else ""
    )


def value_kinds(key, a, b):
    """Kinds of difference for one kwarg (or positional arg) value."""
    ta, tb = tname(a), tname(b)
    where = f"`{key}`"
    if ta != tb:
        return [f"{where}: type {ta} (0.7.2) vs {tb} (ours)"]
    if isinstance(a, dict) and "map" in a:
        if a["sorted"] == b["sorted"]:
            return [f"{where}: same items, different order"]
        if key == "headers":
            names = map_entry_diff(a, b, casefold=True)
            if not names:
                return ["`headers`: header name case differs"]
            return ["`headers`: differ [{}]".format(", ".join(sorted(names)))]
        return [entries_kind(where, map_entry_diff(a, b))]
    if ta == "bytes":
        _ra, pa = split_query_bytes(a["bytes"])
        _rb, pb = split_query_bytes(b["bytes"])
        if pa == pb:
            return [f"{where} bytes: same pairs after percent-decoding, encoding differs"]
        if sorted(pa) == sorted(pb):
            return [f"{where} bytes: same pairs, different order"]
        na = collections.OrderedDict((k.decode("utf-8", "replace"), v) for k, v in pa)
        nb = collections.OrderedDict((k.decode("utf-8", "replace"), v) for k, v in pb)
        names = []
        for k in list(na) + [k for k in nb if k not in na]:
            if na.get(k) != nb.get(k):
                names.append(("+" if k not in na else "-" if k not in nb else "") + k)
        enc = "" if [k for k, _ in pa] == [k for k, _ in pb] else ""
        return [entries_kind(where + " bytes (decoded)", names) + enc]
    if isinstance(a, dict) and "auth" in a:
        out = []
        if "oauth_params" in a:
            if a["oauth_params"] != b.get("oauth_params"):
                if a["oauth_params"]["sorted"] == b["oauth_params"]["sorted"]:
                    out.append("`auth.oauth_params`: same items, different order")
                else:
                    out.append(
                        entries_kind(
                            "`auth.oauth_params`",
                            map_entry_diff(a["oauth_params"], b["oauth_params"]),
                        )
                    )
            if a.get("realm") != b.get("realm"):
                out.append("`auth.realm` differs")
        elif a.get("access_token") != b.get("access_token"):
            out.append("`auth.access_token` differs")
        return out or [f"{where} differs"]
    if isinstance(a, dict) and "list" in a:
        return [f"{where}: list differs"]
    return [f"{where} value differs"]


def _split_base(bs):
    from urllib.parse import unquote

    parts = bs.split("&")
    if len(parts) != 3:
        return None
    method, uri, params = (unquote(x) for x in parts)
    pairs = []
    for p in params.split("&") if params else []:
        k, _, v = p.partition("=")
        pairs.append((unquote(k), unquote(v)))
    return method, uri, pairs


def _input_names(inp):
    """name -> source ('url-query', 'params', 'data') of the caller's input."""
    from urllib.parse import parse_qsl, urlsplit

    src = {}
    for k, _ in parse_qsl(urlsplit(inp["url"]).query, keep_blank_values=True):
        src.setdefault(k, "url-query")
    kw = inp["kwargs"]
    for where in ("params", "data"):
        for k, x in kw.get("items") or []:
            if k != where:
                continue
            if isinstance(x, dict) and "map" in x:
                names = [plain(n) for n, _ in x["items"]]
            elif isinstance(x, dict) and "list" in x:
                names = [plain(p)[0] for p in x["list"]]
            elif isinstance(x, str):
                names = [n for n, _ in parse_qsl(x, keep_blank_values=True)]
            else:
                names = []
            for n in names:
                src.setdefault(str(n), where)
    return src


def base_diff(A, B):
    """Explain a signature difference from the recorded base strings."""
    ba, bb = A.get("base_strings"), B.get("base_strings")
    if not ba or not bb:
        return "no HMAC base string (PLAINTEXT?)", ""
    sa, sb = _split_base(ba[-1]), _split_base(bb[-1])
    if sa is None or sb is None:
        return "base string unparsable", ""
    out, det = [], []
    if sa[0] != sb[0]:
        out.append("method")
    if sa[1] != sb[1]:
        ua, ub = sa[1], sb[1]
        if "#" in ua and "#" not in ub:
            out.append("URI: 0.7.2 kept the #fragment")
        elif any(ord(c) > 127 for c in ua) and "%" in ub:
            out.append("URI: 0.7.2 raw non-ASCII, ours %-encoded")
        else:
            out.append("URI differs")
        det.append(f"URI {ua!r} vs {ub!r}")
    if sa[2] != sb[2]:
        ca, cb = collections.Counter(sa[2]), collections.Counter(sb[2])
        src = _input_names(A["input"])
        tags = set()
        for sign, diff in (("-", ca - cb), ("+", cb - ca)):
            for k, v in diff:
                tags.add(sign + (src.get(k) or ("oauth" if k.startswith("oauth_") else "other")))
                det.append(f"{sign}{k}={v}")
        if tags:
            out.append("params [{}]".format(", ".join(sorted(tags))))
        else:
            out.append("params order")
    return "base string: " + ("; ".join(out) if out else "identical (key differs?)"), "; ".join(det)


def case_kinds(A, B):
    """-> (kinds, details) for one case; kinds empty when identical."""
    kinds, details = [], []
    ea, eb = A.get("exc"), B.get("exc")
    if ea or eb:
        if ea and not eb:
            kinds.append(f"RAISE: 0.7.2 raised {ea[0]}, ours did not")
            details.append("0.7.2: {}: {}".format(*tuple(ea)))
        elif eb and not ea:
            kinds.append(f"RAISE: ours raised {eb[0]}, 0.7.2 did not")
            details.append("ours: {}: {}".format(*tuple(eb)))
        elif ea != eb:
            kinds.append(f"RAISE: both raised, differently ({ea[0]} vs {eb[0]})")
            details.append(f"0.7.2: {ea[0]}: {ea[1]} | ours: {eb[0]}: {eb[1]}")
        if ea or eb:
            return kinds, details
    ca, cb = A["calls"], B["calls"]
    if len(ca) != len(cb):
        return ["number of Session.request calls %d vs %d" % (len(ca), len(cb))], []
    for a, b in zip(ca, cb):
        for i, name in enumerate(("method", "url")):
            va = a["args"][i] if i < len(a["args"]) else "<none>"
            vb = b["args"][i] if i < len(b["args"]) else "<none>"
            if va != vb:
                kinds.append(f"positional `{name}` differs")
                details.append(f"{name}: 0.7.2 {short(va)} | ours {short(vb)}")
        if len(a["args"]) != len(b["args"]):
            kinds.append("number of positional args %d vs %d" % (len(a["args"]), len(b["args"])))
        ka, kb = a["kwargs"], b["kwargs"]
        for k in sorted(set(ka) | set(kb)):
            if k not in kb:
                kinds.append(f"kwarg `{k}` missing in ours (0.7.2 passed {tname(ka[k])})")
                details.append(f"{k}: 0.7.2 {short(plain(ka[k]))}")
            elif k not in ka:
                v = kb[k]
                shown = (
                    f"={json.dumps(plain(v))}"
                    if tname(v) in ("None", "bool", "str")
                    else f" ({tname(v)})"
                )
                kinds.append(f"extra kwarg `{k}` in ours{shown}")
                details.append(f"{k}: ours {short(plain(v))}")
            elif ka[k] != kb[k]:
                ks = value_kinds(k, ka[k], kb[k])
                kinds.extend(ks)
                details.append(f"{k}: 0.7.2 {short(plain(ka[k]))} | ours {short(plain(kb[k]))}")
    if "calls" in A and A.get("base_strings") != B.get("base_strings"):
        why, det = base_diff(A, B)
        if det:
            details.append("base-string diff: " + det)
        kinds = [
            "only oauth_signature differs — " + why
            if "only the signature differs (oauth_signature" in k
            else k
            for k in kinds
        ]
        if any("—" in k for k in kinds):
            details.append(
                "base strings: 0.7.2 {} | ours {}".format(
                    short((A.get("base_strings") or [""])[-1], 400),
                    short((B.get("base_strings") or [""])[-1], 400),
                )
            )
    return kinds, details


def dims(cid):
    s, e, u, v = cid.split("|")
    return {"session": s, "entry": e, "url": u, "variant": v}


def top(counter, n=6):
    return ", ".join("%s(%d)" % kv for kv in counter.most_common(n)) + (
        " ..." if len(counter) > n else ""
    )


def main():
    path07, pathours, out = sys.argv[1:4]
    meta_a, A = load(path07)
    meta_b, B = load(pathours)
    ids = [i for i in A]  # record order
    missing = [i for i in ids if i not in B] + [i for i in B if i not in A]

    by_kind = collections.OrderedDict()
    identical = differing = 0
    raised = collections.Counter()
    mut = collections.Counter()
    mut_examples = collections.OrderedDict()
    combos = collections.Counter()
    for cid in ids:
        if cid not in B:
            continue
        a, b = A[cid], B[cid]
        # caller-input mutation, reported on its own (deliberately not a difference in args)
        ma, mb = "caller_mutated" in a, "caller_mutated" in b
        if ma or mb:
            mk = (
                "0.7.2 mutated the caller's kwargs, ours did not"
                if ma and not mb
                else "ours mutated the caller's kwargs, 0.7.2 did not"
                if mb and not ma
                else "both mutated the caller's kwargs"
                + ("" if a["caller_mutated"] == b["caller_mutated"] else " (differently)")
            )
            mut[mk] += 1
            mut_examples.setdefault(mk, []).append(cid)
        ea, eb = a.get("exc"), b.get("exc")
        if ea and eb and ea == eb:
            raised["both raised the same"] += 1
        kinds, details = case_kinds(a, b)
        if not kinds:
            identical += 1
            continue
        differing += 1
        combos[" & ".join(sorted(set(kinds)))] += 1
        for k in dict.fromkeys(kinds):
            g = by_kind.setdefault(
                k, {"n": 0, "ex": [], "dims": collections.defaultdict(collections.Counter)}
            )
            g["n"] += 1
            for dk, dv in dims(cid).items():
                g["dims"][dk][dv] += 1
            if len(g["ex"]) < 2:
                rel = [
                    d
                    for d in details
                    if d.split(":")[0] in k
                    or d.split(":")[0] + "`" in k
                    or k.startswith("RAISE")
                    or "positional" in k
                    or (d.startswith("base") and "base string" in k)
                ]
                g["ex"].append((cid, rel or details))

    # ---- write report
    L = []
    w = L.append
    w("# rauth 0.7.2 vs ours: arguments handed to `requests.Session.request`")
    w("")
    w(
        "Generated {} by `bash tools/compat072/run.sh` (record.py + compare.py).".format(
            datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
        )
    )
    w("")
    w(
        "- 0.7.2 side: rauth {}, requests {}, Python {}".format(
            meta_a["rauth"], meta_a["requests"], meta_a["python"]
        )
    )
    w(
        "- ours: rauth {} ({}), requests {}, Python {}".format(
            meta_b["rauth"], meta_b["rauth_file"], meta_b["requests"], meta_b["python"]
        )
    )
    w(
        "- seams: `Session.request` mocked on the class; `rauth.session.time`=1000, `random`=0.5, "
        "`datetime.utcnow()`=2020-01-02 03:04:05.678"
    )
    try:
        with open(path07.rsplit("/", 1)[0] + "/gitinfo.txt") as f:
            w("- the checkout at run time: " + f.read().strip().replace("\n", "; "))
    except OSError:
        pass
    w(
        "- case id = `session|entry|url|variant` (see record.py SESSIONS / ENTRIES / URLS / VARIANTS)"
    )
    w("")
    # the seams must have taken effect on both sides, or every signature differs for nothing
    nonce = "1b390cd54a0c0d4f27fa7adf23e3c45536e9f37c"  # sha1(b"0.5")
    for label, recs in (("0.7.2", A), ("ours", B)):
        o1 = [
            r
            for i, r in recs.items()
            if "o1" in i.split("|")[0]
            and r.get("calls")
            and "oauth_nonce" in json.dumps(r["calls"])
        ]
        of = [
            r
            for i, r in recs.items()
            if "ofly" in i.split("|")[0]
            and r.get("calls")
            and "oflyTimestamp" in json.dumps(r["calls"])
        ]
        ok1 = sum(
            nonce in json.dumps(r["calls"]) and '{"int": 1000}' in json.dumps(r["calls"])
            for r in o1
        )
        ok2 = sum("2020-01-02T03:04:05.678Z" in json.dumps(r["calls"]) for r in of)
        w(
            "- seam check %s: OAuth1 calls carrying oauth_nonce that have the fixed nonce+timestamp %d/%d, Ofly calls with the fixed "
            "oflyTimestamp %d/%d%s"
            % (
                label,
                ok1,
                len(o1),
                ok2,
                len(of),
                "" if (ok1, ok2) == (len(o1), len(of)) else "  **<- seams not applied?**",
            )
        )
    w("")
    w("## Summary")
    w("")
    w("| | cases |")
    w("|---|---:|")
    w("| total | %d |" % len(ids))
    w("| identical (args, kwargs, order of dict items, exception) | %d |" % identical)
    w("| differing | %d |" % differing)
    nr = collections.Counter()
    for k, g in by_kind.items():
        if k.startswith("RAISE: 0.7.2 raised"):
            nr["0.7.2 raised, ours did not"] += g["n"]
        elif k.startswith("RAISE: ours raised"):
            nr["ours raised, 0.7.2 did not"] += g["n"]
        elif k.startswith("RAISE: both"):
            nr["both raised, differently"] += g["n"]
    for k in (
        "0.7.2 raised, ours did not",
        "ours raised, 0.7.2 did not",
        "both raised, differently",
    ):
        w("| &nbsp;&nbsp;of which: %s | %d |" % (k, nr[k]))
    w(
        "| &nbsp;&nbsp;of which: both called `Session.request`, with different arguments | %d |"
        % (differing - sum(nr.values()))
    )
    w(
        "| both raised the same exception (counted identical) | %d |"
        % raised["both raised the same"]
    )
    for k, n in mut.items():
        w("| (separately) %s | %d |" % (k, n))
    if missing:
        w("| case ids present on one side only | %d |" % len(missing))
    w("")
    w("## Differences by kind")
    w("")
    w("A case may show several kinds. `+name` = entry only in ours, `-name` = only in 0.7.2.")
    w("")
    w("| # | kind | cases | sessions | variants |")
    w("|---:|---|---:|---|---|")
    order = sorted(by_kind.items(), key=lambda kv: (kv[0].startswith("RAISE"), -kv[1]["n"], kv[0]))
    for i, (k, g) in enumerate(order, 1):
        w(
            "| %d | %s | %d | %s | %s |"
            % (
                i,
                k.replace("|", "\\|"),
                g["n"],
                top(g["dims"]["session"], 3),
                top(g["dims"]["variant"], 4),
            )
        )
    w("")
    atoms = collections.Counter()
    for k, g in by_kind.items():
        if "base string:" in k:
            for part in k.split("base string: ", 1)[1].split("; "):
                if part.startswith("params ["):
                    for t in part[len("params [") : -1].split(", "):
                        atoms["params " + t] += g["n"]
                else:
                    atoms[part] += g["n"]
    if atoms:
        w("### Causes of signature-only differences (a case may have several)")
        w("")
        w(
            "`+url-query` = a name of the URL's query string signed by ours only; `+data` = a form-body "
            "name signed by ours only; `-params` = a `params` name signed by 0.7.2 only."
        )
        w("")
        w("| cause (from the HMAC base strings) | cases |")
        w("|---|---:|")
        for a, n in atoms.most_common():
            w("| %s | %d |" % (a, n))
        w("")
    w("## Details and examples")
    for i, (k, g) in enumerate(order, 1):
        w("")
        w("### %d. %s — %d cases" % (i, k, g["n"]))
        w("")
        w("- variants: {}".format(top(g["dims"]["variant"], 10)))
        w("- urls: {}".format(top(g["dims"]["url"], 5)))
        for cid, det in g["ex"]:
            w(f"- `{cid}`")
            for d in det[:4]:
                w("    - `{}`".format(d.replace("`", "'")))
    w("")
    w("## Caller-input mutation (not counted above)")
    w("")
    for k, n in mut.items():
        ex = mut_examples[k][:2]
        w("- %s: %d cases, e.g. %s" % (k, n, ", ".join(f"`{e}`" for e in ex)))
        for e in ex[:1]:
            w(
                "    - 0.7.2 left: `{}`".format(
                    short(plain(A[e].get("caller_mutated", "unchanged")), 300)
                )
            )
            w(
                "    - ours left: `{}`".format(
                    short(plain(B[e].get("caller_mutated", "unchanged")), 300)
                )
            )
    w("")
    w("## Most common combinations of kinds")
    w("")
    for c, n in combos.most_common(15):
        w("- %d × %s" % (n, c))
    w("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    print("total %d identical %d differing %d -> %s" % (len(ids), identical, differing, out))


if __name__ == "__main__":
    main()
