#!/usr/bin/env python3
"""Independent verifier for driftwise audit chains, checkpoints and packs.

Written from docs/audit.md alone, with the Python standard library only
(hashlib, json, zipfile; Ed25519 is the RFC 8032 reference arithmetic), so that
it shares no code with the C++ library it checks.

usage:
  py_verify.py vectors VECTORS.json        check every known-answer vector
  py_verify.py chain FILE.jsonl [--expected-min-seq N] [--chain-id ID]
                                           verify one chain; print a JSON report
  py_verify.py chains FILE.jsonl...        one JSON report per line, per file
  py_verify.py pack PACK.zip [--public-key FILE]

Exit status: 0 all good / intact, 1 broken or truncated or a vector mismatch,
2 usage or I/O error.
"""
import base64
import hashlib
import json
import re
import struct
import sys
import zipfile

EVENT_DOMAIN = b"driftwise/audit/event/v1\x00"
GENESIS_DOMAIN = b"driftwise/audit/genesis/v1\x00"
ALG_SHA256 = b"\x01"
MEMBERS = ("chain_id", "seq", "time", "actor", "action", "target", "detail",
           "prev_hash", "hash")
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
TIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(\.[0-9]{1,9})?(Z|[+-]([0-9]{2}):([0-9]{2}))\Z")
DETAIL_KEY = re.compile(r'"detail"[ \t\r\n]*:[ \t\r\n]*')


class BadLine(Exception):
    pass


# ---- encoding -----------------------------------------------------------------

def lp(b):
    return struct.pack(">I", len(b)) + b


def genesis(chain_id):
    return hashlib.sha256(GENESIS_DOMAIN + lp(chain_id.encode())).digest()


def encode(chain_id, seq, time, actor, action, target, detail, prev):
    return b"".join((EVENT_DOMAIN, ALG_SHA256, prev, lp(chain_id.encode()),
                     struct.pack(">Q", seq), lp(time.encode()),
                     lp(actor.encode()), lp(action.encode()),
                     lp(target.encode()), lp(detail)))


# ---- strict line reading --------------------------------------------------------

class RawInt(int):
    """An int that remembers how it was written (seq must be plain digits)."""


def _parse_int(text):
    v = RawInt(text)
    v.raw = text
    return v


def _no_constants(name):
    raise BadLine("invalid value %s" % name)


class DupDict(dict):
    """An object that had a repeated member (only the top level matters:
    detail is opaque JSON)."""


def _mark_duplicates(pairs):
    d = dict(pairs)
    return DupDict(d) if len(d) != len(pairs) else d


def _has_lone_surrogate(v):
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(v, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(x)
                   for k, x in v.items())
    if isinstance(v, list):
        return any(_has_lone_surrogate(x) for x in v)
    return False


DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_time(t):
    m = TIME_RE.match(t)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if not 1 <= mo <= 12 or not 1 <= d <= DAYS[mo - 1] + (mo == 2 and leap):
        return False
    if h > 23 or mi > 59 or s > 60:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def detail_span(text):
    """The exact text of the top-level "detail" value.

    Inside a JSON string every quote is escaped, so the first `"detail":` is
    the top-level key unless a key was written with \\u escapes; then fall
    back to walking the object with the standard decoder.
    """
    m = DETAIL_KEY.search(text)
    if m and "\\u" not in text[:m.start()]:
        _, end = json.JSONDecoder().raw_decode(text, m.end())
        return text[m.end():end]
    dec = json.JSONDecoder()
    i = text.index("{") + 1
    ws = " \t\r\n"
    while True:
        while text[i] in ws:
            i += 1
        key, i = dec.raw_decode(text, i)
        while text[i] in ws:
            i += 1
        i += 1  # ':'
        while text[i] in ws:
            i += 1
        _, end = dec.raw_decode(text, i)
        if key == "detail":
            return text[i:end]
        i = end
        while text[i] in ws:
            i += 1
        i += 1  # ','


def parse_line(raw):
    """bytes of one line -> dict with decoded fields; raises BadLine."""
    try:
        text = raw.decode("utf-8")
        obj = json.loads(text, object_pairs_hook=_mark_duplicates,
                         parse_int=_parse_int, parse_constant=_no_constants)
    except BadLine:
        raise
    except (ValueError, UnicodeDecodeError) as e:
        raise BadLine(str(e))
    if isinstance(obj, DupDict):
        raise BadLine("a member appears twice")
    # JSON text is valid UTF-8 only without unpaired surrogate escapes.
    if "\\ud" in text.lower() and _has_lone_surrogate(obj):
        raise BadLine("lone surrogate escape")
    if not isinstance(obj, dict) or set(obj) != set(MEMBERS):
        raise BadLine("members must be exactly " + ", ".join(MEMBERS))
    seq = obj["seq"]
    if not isinstance(seq, RawInt) or seq.raw.startswith("-") or seq >= 1 << 64:
        raise BadLine("seq must be a non-negative 64-bit integer")
    for k in ("chain_id", "time", "actor", "action", "target", "prev_hash", "hash"):
        if not isinstance(obj[k], str):
            raise BadLine(k + " must be a string")
    cid = obj["chain_id"]
    if not cid or any(ord(c) < 0x20 or ord(c) == 0x7F for c in cid):
        raise BadLine("bad chain_id")
    if not valid_time(obj["time"]):
        raise BadLine("time is not RFC 3339")
    if not HEX64.match(obj["prev_hash"]) or not HEX64.match(obj["hash"]):
        raise BadLine("hashes must be 64 lowercase hex digits")
    obj["detail_bytes"] = detail_span(text).encode("utf-8")
    return obj


def event_hash(ev):
    return hashlib.sha256(encode(ev["chain_id"], ev["seq"], ev["time"],
                                 ev["actor"], ev["action"], ev["target"],
                                 ev["detail_bytes"],
                                 bytes.fromhex(ev["prev_hash"]))).hexdigest()


# ---- chain verification -----------------------------------------------------------

def verify_lines(lines, chain_id=None, start=None, expected_min_seq=None,
                 checkpoint=None):
    """lines: iterable of bytes (no newline). start: (seq, hash hex) of the
    event before a segment. checkpoint: (chain_id, seq, hash hex)."""
    report = {"status": "intact", "checked": 0, "head_seq": None,
              "head_hash": None, "first_bad_seq": None, "reason": ""}
    expected_seq = 0 if start is None else start[0] + 1
    prev = None if start is None else start[1]
    ref = chain_id if chain_id is not None else (
        checkpoint[0] if checkpoint else None)
    sha = hashlib.sha256
    for n, raw in enumerate(lines):
        try:
            ev = parse_line(raw)
        except BadLine as e:
            return broken(report, expected_seq, "line %d: %s" % (n + 1, e))
        if ref is None:
            ref = ev["chain_id"]
        if prev is None:
            prev = genesis(ref).hex()
        if ev["seq"] != expected_seq:
            return broken(report, expected_seq, "seq %d: found seq %d" %
                          (expected_seq, ev["seq"]))
        if ev["prev_hash"] != prev:
            return broken(report, expected_seq, "seq %d: prev_hash does not link"
                          % expected_seq)
        if ev["chain_id"] != ref:
            return broken(report, expected_seq, "seq %d: chain_id differs" %
                          expected_seq)
        h = sha(encode(ev["chain_id"], ev["seq"], ev["time"], ev["actor"],
                       ev["action"], ev["target"], ev["detail_bytes"],
                       bytes.fromhex(prev))).hexdigest()
        if h != ev["hash"]:
            return broken(report, expected_seq, "seq %d: hash mismatch" %
                          expected_seq)
        if checkpoint and checkpoint[0] == ref and checkpoint[1] == ev["seq"] \
                and checkpoint[2] != h:
            return broken(report, expected_seq,
                          "seq %d: differs from checkpoint" % expected_seq)
        report["checked"] += 1
        report["head_seq"] = ev["seq"]
        report["head_hash"] = h
        prev = h
        expected_seq += 1
    head = report["head_seq"]
    if checkpoint and (head is None or head < checkpoint[1]):
        report["status"] = "truncated"
        report["reason"] = "ends before the checkpoint"
    elif expected_min_seq is not None and (head is None or head < expected_min_seq):
        report["status"] = "truncated"
        report["reason"] = "ends before expected_min_seq"
    return report


def broken(report, seq, reason):
    report["status"] = "broken"
    report["first_bad_seq"] = seq
    report["reason"] = reason
    return report


def split_lines(data):
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


# ---- Ed25519 (RFC 8032 §5.1, reference arithmetic) ----------------------------------

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_BY = 4 * pow(5, P - 2, P) % P
_BX = _recover_x(_BY, 0)
BASE = (_BX, _BY, 1, _BX * _BY % P)


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, p):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _encode_point(p):
    zi = pow(p[2], P - 2, P)
    x, y = p[0] * zi % P, p[1] * zi % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decode_point(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def ed25519_public_from_seed(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return _encode_point(_mul(a, BASE))


def ed25519_verify(public, msg, sig):
    if len(public) != 32 or len(sig) != 64:
        return False
    a = _decode_point(public)
    r = _decode_point(sig[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(),
                       "little") % L
    return _encode_point(_mul(s, BASE)) == _encode_point(_add(r, _mul(h, a)))


# ---- keys and checkpoints -----------------------------------------------------------

def key_id(name, public):
    return hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]


def parse_public_key(text):
    name, kid, b64 = text.strip().split("+", 2)
    raw = base64.b64decode(b64, validate=True)
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError("not an Ed25519 key")
    if key_id(name, raw[1:]).hex() != kid:
        raise ValueError("key id mismatch")
    return name, bytes.fromhex(kid), raw[1:]


CP_HEADER = "driftwise/audit/checkpoint/v1"


def checkpoint_body(chain_id, seq, head_hash, time):
    return "%s\n%s\n%d\n%s\n%s\n" % (CP_HEADER, chain_id, seq, head_hash, time)


def verify_checkpoint(note, key):
    """-> (chain_id, seq, hash) when `key` (name, id, pk) signed it, else None."""
    body, sep, sigs = note.partition("\n\n")
    if not sep:
        return None
    lines = body.split("\n")
    if len(lines) != 5 or lines[0] != CP_HEADER or not HEX64.match(lines[3]):
        return None
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[2]) or not valid_time(lines[4]):
        return None
    body += "\n"
    for line in sigs.split("\n"):
        if not line.startswith("\u2014 "):
            continue
        name, _, b64 = line[2:].partition(" ")
        try:
            raw = base64.b64decode(b64, validate=True)
        except ValueError:
            return None
        if name == key[0] and raw[:4] == key[1] and len(raw) == 68 and \
                ed25519_verify(key[2], body.encode(), raw[4:]):
            return lines[1], int(lines[2]), lines[3]
    return None


# ---- modes ------------------------------------------------------------------------------

def check_vectors(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    k = doc["key"]
    seed = bytes.fromhex(k["seed_hex"])
    pk = ed25519_public_from_seed(seed)
    failures = []

    def expect(what, got, want):
        if got != want:
            failures.append("%s: got %r, want %r" % (what, got, want))

    expect("public key", pk.hex(), k["public_key_hex"])
    expect("key id", key_id(k["name"], pk).hex(), k["key_id"])
    key = parse_public_key(k["public_key_text"])
    expect("public key text", key[2], pk)
    for v in doc["vectors"]:
        name = v["name"]
        cid = v["chain_id"]
        if v["start"] is None:
            prev, seq = genesis(cid).hex(), 0
        else:
            prev, seq = v["start"]["hash"], v["start"]["seq"] + 1
        lines = []
        for i, ev in enumerate(v["events"]):
            inp = ev["input"]
            enc = encode(cid, seq, inp["time"], inp["actor"], inp["action"],
                         inp["target"], inp["detail"].encode(), bytes.fromhex(prev))
            h = hashlib.sha256(enc).hexdigest()
            expect("%s[%d] seq" % (name, i), ev["seq"], seq)
            expect("%s[%d] prev_hash" % (name, i), ev["prev_hash"], prev)
            expect("%s[%d] encoded" % (name, i), ev["encoded_hex"], enc.hex())
            expect("%s[%d] hash" % (name, i), ev["hash"], h)
            parsed = parse_line(ev["jsonl"].encode())
            expect("%s[%d] jsonl detail" % (name, i), parsed["detail_bytes"],
                   inp["detail"].encode())
            expect("%s[%d] jsonl hash" % (name, i), event_hash(parsed), h)
            lines.append(ev["jsonl"].encode())
            prev, seq = h, seq + 1
        start = None if v["start"] is None else (v["start"]["seq"], v["start"]["hash"])
        rep = verify_lines(lines, start=start)
        expect(name + " chain", rep["status"], "intact")
        expect(name + " head seq", v["head"]["seq"], seq - 1)
        expect(name + " head hash", v["head"]["hash"], prev)
        cp = v["checkpoint"]
        body = checkpoint_body(cid, seq - 1, prev, cp["time"])
        expect(name + " checkpoint body", cp["body"], body)
        expect(name + " checkpoint text", cp["text"].split("\n\n")[0] + "\n", body)
        sig = bytes.fromhex(cp["signature_hex"])
        if not ed25519_verify(pk, body.encode(), sig):
            failures.append(name + ": checkpoint signature does not verify")
        expect(name + " checkpoint note", verify_checkpoint(cp["text"], key),
               (cid, seq - 1, prev))
    for f in failures:
        print("MISMATCH " + f)
    print("%d vectors, %d mismatches" % (len(doc["vectors"]), len(failures)))
    return 1 if failures else 0


def verify_pack(path, pinned=None):
    def fail(reason):
        print(json.dumps({"status": "broken", "reason": reason}))
        return 1
    try:
        z = zipfile.ZipFile(path)
        files = {i.filename: z.read(i) for i in z.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        return fail("zip: %s" % e)
    try:
        manifest = json.loads(files["manifest.json"])
        key = parse_public_key(files["public_key.txt"].decode())
    except (KeyError, ValueError) as e:
        return fail("manifest or key: %s" % e)
    if pinned is not None and key != pinned:
        return fail("signed by another key than the pinned one")
    listed = {f["name"] for f in manifest["files"]}
    if listed | {"manifest.json"} != set(files):
        return fail("entries differ from the manifest's list")
    for f in manifest["files"]:
        data = files[f["name"]]
        if len(data) != f["size"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
            return fail(f["name"] + ": size or SHA-256 differs from the manifest")
    start = None
    prev_lines = split_lines(files["previous_event.jsonl"])
    if prev_lines:
        try:
            pe = parse_line(prev_lines[0])
        except BadLine as e:
            return fail("previous_event: %s" % e)
        if event_hash(pe) != pe["hash"]:
            return fail("previous_event: hash mismatch")
        start = (pe["seq"], pe["hash"])
    lines = split_lines(files["events.jsonl"])
    rep = verify_lines(lines, chain_id=manifest["chain_id"], start=start)
    if rep["status"] != "intact":
        print(json.dumps(rep))
        return 1
    hashes = {}
    if start:
        hashes[start[0]] = start[1]
    for raw in lines:
        ev = parse_line(raw)
        hashes[ev["seq"]] = ev["hash"]
    head = manifest["head"]
    if hashes.get(head["seq"]) != head["hash"] or rep["head_seq"] != head["seq"]:
        return fail("manifest head differs from the chain")
    signed_head = False
    for name in sorted(n for n in files if n.startswith("checkpoints/")):
        cp = verify_checkpoint(files[name].decode(), key)
        if cp is None:
            return fail(name + ": signature does not verify")
        if cp[0] != manifest["chain_id"] or hashes.get(cp[1]) != cp[2]:
            return fail(name + ": the chain does not pass through it")
        signed_head |= cp[1] == head["seq"]
    if not signed_head:
        return fail("no checkpoint signs the head")
    rep["key_pinned"] = pinned is not None
    print(json.dumps(rep))
    return 0


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    mode, args = argv[1], argv[2:]

    def opt(name, conv=str):
        if name in args:
            i = args.index(name)
            val = conv(args[i + 1])
            del args[i:i + 2]
            return val
        return None
    try:
        if mode == "vectors":
            return check_vectors(args[0])
        if mode == "chain":
            min_seq = opt("--expected-min-seq", int)
            chain_id = opt("--chain-id")
            with open(args[0], "rb") as f:
                rep = verify_lines(split_lines(f.read()), chain_id=chain_id,
                                   expected_min_seq=min_seq)
            print(json.dumps(rep))
            return 0 if rep["status"] == "intact" else 1
        if mode == "chains":
            worst = 0
            for path in args:
                with open(path, "rb") as f:
                    rep = verify_lines(split_lines(f.read()))
                rep["file"] = path
                print(json.dumps(rep))
                worst = max(worst, 0 if rep["status"] == "intact" else 1)
            return worst
        if mode == "pack":
            key_file = opt("--public-key")
            pinned = None
            if key_file:
                with open(key_file, encoding="utf-8") as f:
                    pinned = parse_public_key(f.read())
            return verify_pack(args[0], pinned)
    except OSError as e:
        print("py_verify: %s" % e, file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
