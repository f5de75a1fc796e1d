"""JWT negative corpus over real HTTP: forged and broken bearer tokens must
all be answered 401 with the same generic body, on two authenticated
routes, while correctly made tokens (including ones this file signs with
the dev issuer's own key) are accepted.

Tokens are built here with python3-cryptography from the dev issuer's
signing key (issuer/signing-key.pem, Ed25519 PKCS#8), so each negative case
differs from an accepted token in exactly the one property it tests
(RFC 8725 pitfalls: alg none, HS/RS confusion, kid games, iss/aud exactness,
time claims, base64url strictness, crit, jku, size).
"""
import base64
import hashlib
import hmac
import json
import os
import time
import uuid

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from server_harness import Server

GENERIC_401 = "invalid or expired token"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def enc(obj):
    return b64url(obj if isinstance(obj, bytes) else json.dumps(obj).encode())


class Forge:
    """Makes tokens for the dev issuer in `issuer_dir`."""

    def __init__(self, issuer_dir, email):
        self.info = json.load(open(os.path.join(issuer_dir, "issuer.json")))
        with open(os.path.join(issuer_dir, "signing-key.pem"), "rb") as f:
            self.key = serialization.load_pem_private_key(f.read(), password=None)
        self.kid = self.info["kid"]
        self.email = email

    def header(self, **changes):
        h = {"alg": "EdDSA", "kid": self.kid, "typ": "JWT"}
        h.update(changes)
        return {k: v for k, v in h.items() if v is not DROP}

    def claims(self, **changes):
        now = int(time.time())
        c = {"iss": self.info["issuer"], "aud": self.info["audience"],
             "sub": "dev:" + self.email, "email": self.email, "iat": now,
             "nbf": now, "exp": now + 600, "jti": uuid.uuid4().hex}
        c.update(changes)
        return {k: v for k, v in c.items() if v is not DROP}

    def sign(self, header=None, claims=None, key=None):
        """A compact JWS over `header` and `claims` (dicts, or raw bytes
        for the header/claims part), Ed25519-signed by `key`."""
        header = self.header() if header is None else header
        claims = self.claims() if claims is None else claims
        signing_input = enc(header) + "." + enc(claims)
        sig = (key or self.key).sign(signing_input.encode())
        return signing_input + "." + b64url(sig)

    def good(self):
        return self.sign()


DROP = object()  # marks a header field or claim to leave out


def with_sig(token, sig_b64):
    return token.rsplit(".", 1)[0] + "." + sig_b64


def flip_bit(token):
    head, sig = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    raw[10] ^= 0x01
    return head + "." + b64url(bytes(raw))


def leniently_decodable_variant(forge, make_variant):
    """A good token whose variant (padding, '+'/'/') a lenient base64
    decoder would still accept; retries until the token has the needed
    characters, so the case really tests strictness."""
    for _ in range(200):
        token = forge.good()
        variant = make_variant(token)
        if variant:
            return variant
    raise AssertionError("could not build the variant")


def add_padding(token):
    parts = token.split(".")
    for i, p in enumerate(parts):
        if len(p) % 4:
            parts[i] = p + "=" * (-len(p) % 4)
            return ".".join(parts)
    return None


def standard_alphabet(token):
    head, sig = token.rsplit(".", 1)
    if "-" not in sig and "_" not in sig:
        return None
    return head + "." + sig.replace("-", "+").replace("_", "/")


def negative_cases(forge, port):
    """(name, Authorization header value) pairs that must all get 401."""
    now = int(time.time())
    good = forge.good()
    signing_input = good.rsplit(".", 1)[0]
    pub_pem = forge.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    pub_raw = forge.key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    other_ed = ed25519.Ed25519PrivateKey.generate()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())

    def hs256(secret):
        si = enc(forge.header(alg="HS256")) + "." + enc(forge.claims())
        return si + "." + b64url(hmac.new(secret, si.encode(), hashlib.sha256).digest())

    def rs256():
        si = enc(forge.header(alg="RS256")) + "." + enc(forge.claims())
        return si + "." + b64url(rsa_key.sign(si.encode(), padding.PKCS1v15(), hashes.SHA256()))

    def es256():
        si = enc(forge.header(alg="ES256")) + "." + enc(forge.claims())
        r, s = decode_dss_signature(ec_key.sign(si.encode(), ec.ECDSA(hashes.SHA256())))
        return si + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))

    attacker_jwk = {"kty": "OKP", "crv": "Ed25519", "kid": "attacker",
                    "x": b64url(other_ed.public_key().public_bytes(
                        serialization.Encoding.Raw, serialization.PublicFormat.Raw))}
    jku = f"http://127.0.0.1:{port}/attacker/jwks.json"
    cases = [
        ("alg none, empty signature", enc(forge.header(alg="none")) + "." + enc(forge.claims()) + "."),
        ("alg None, real signature", with_sig(enc(forge.header(alg="None")) + "." + enc(forge.claims()) + ".x",
                                              good.rsplit(".", 1)[1])),
        ("alg none, no kid", enc({"alg": "none", "typ": "JWT"}) + "." + enc(forge.claims()) + "."),
        ("HS256 with the public key PEM as HMAC secret", hs256(pub_pem)),
        ("HS256 with the raw public key as HMAC secret", hs256(pub_raw)),
        ("RS256 header over the Ed25519 kid", rs256()),
        ("ES256 header over the Ed25519 kid", es256()),
        ("unknown kid", forge.sign(header=forge.header(kid="no-such-key"))),
        ("missing kid", forge.sign(header=forge.header(kid=DROP))),
        ("missing alg", forge.sign(header=forge.header(alg=DROP))),
        ("wrong iss", forge.sign(claims=forge.claims(iss="https://evil.example.com"))),
        ("iss with trailing slash", forge.sign(claims=forge.claims(iss=forge.info["issuer"] + "/"))),
        ("missing iss", forge.sign(claims=forge.claims(iss=DROP))),
        ("wrong aud", forge.sign(claims=forge.claims(aud="another-service"))),
        ("aud array without ours", forge.sign(claims=forge.claims(aud=["a", "b"]))),
        ("aud substring of ours", forge.sign(claims=forge.claims(aud=forge.info["audience"][:-1]))),
        ("aud containing ours", forge.sign(claims=forge.claims(aud=forge.info["audience"] + "-admin"))),
        ("missing aud", forge.sign(claims=forge.claims(aud=DROP))),
        ("expired beyond the 30 s leeway", forge.sign(claims=forge.claims(exp=now - 120, iat=now - 700, nbf=now - 700))),
        ("missing exp", forge.sign(claims=forge.claims(exp=DROP))),
        ("exp as a string", forge.sign(claims=forge.claims(exp=str(now + 600)))),
        ("nbf in the future", forge.sign(claims=forge.claims(nbf=now + 600, exp=now + 1200))),
        ("iat in the future", forge.sign(claims=forge.claims(iat=now + 600, exp=now + 1200))),
        ("missing sub", forge.sign(claims=forge.claims(sub=DROP))),
        ("empty sub", forge.sign(claims=forge.claims(sub=""))),
        ("flipped signature bit", flip_bit(good)),
        ("signed by another Ed25519 key with the same kid", forge.sign(key=other_ed)),
        ("truncated signature", good[:-6]),
        ("empty signature", signing_input + "."),
        ("'=' padding in a part", leniently_decodable_variant(forge, add_padding)),
        ("'+' or '/' in a part", leniently_decodable_variant(forge, standard_alphabet)),
        ("2 parts", signing_input),
        ("4 parts", good + "." + good.rsplit(".", 1)[1]),
        ("header not JSON", forge.sign(header=b"{alg: EdDSA}")),
        ("claims an array, not an object", forge.sign(claims=b'["sub","dev:x"]')),
        ("claims not JSON", forge.sign(claims=b"sub=dev:x")),
        ("crit header", forge.sign(header=forge.header(crit=["exp"], exp=now))),
        ("jku pointing elsewhere, attacker key and kid",
         forge.sign(header=forge.header(kid="attacker", jku=jku), key=other_ed)),
        ("jku pointing elsewhere, our kid, attacker key",
         forge.sign(header=forge.header(jku=jku), key=other_ed)),
        ("embedded jwk header with the attacker key",
         forge.sign(header=forge.header(kid="attacker", jwk=attacker_jwk), key=other_ed)),
        ("not base64 at all", "!!!.???.***"),
        ("empty parts", ".."),
    ]
    return [(name, "Bearer " + token) for name, token in cases] + [
        ("'Bearer' with no token", "Bearer"),
        ("'Bearer ' with no token", "Bearer "),
        ("token without the scheme", good),
        ("Basic scheme with a good token", "Basic " + good),
    ]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("jwt"))
    forge = Forge(srv.issuer_dir, "owner@example.com")
    cli_token = srv.token("owner@example.com")
    assert srv.request("GET", "/api/v2/admin/me", token=cli_token).status == 200
    org = srv.request("POST", "/api/v2/orgs", {"slug": "jwt-org", "display_name": "J"},
                      token=cli_token).json()["id"]
    yield srv, forge, cli_token, org
    srv.stop()


def routes(org):
    return ["/api/v2/admin/me", f"/api/v2/orgs/{org}"]


def get(srv, path, authorization):
    return srv.request("GET", path, headers={"Authorization": authorization})


def test_positive_controls_are_accepted(env):
    srv, forge, cli_token, org = env
    now = int(time.time())
    controls = [
        ("token from `driftwise dev-issuer token`", "Bearer " + cli_token),
        ("token signed here with the issuer key", "Bearer " + forge.good()),
        # RFC 9110 §11.1: the auth scheme is case-insensitive.
        ("lowercase 'bearer' scheme", "bearer " + forge.good()),
        ("uppercase 'BEARER' scheme", "BEARER " + forge.good()),
        ("aud array containing ours", "Bearer " + forge.sign(
            claims=forge.claims(aud=["other", forge.info["audience"]]))),
        ("expired 10 s ago, within the 30 s leeway", "Bearer " + forge.sign(
            claims=forge.claims(exp=now - 10, iat=now - 700, nbf=now - 700))),
        ("jku header ignored on a good token", "Bearer " + forge.sign(
            header=forge.header(jku="http://127.0.0.1:1/jwks.json"))),
    ]
    for name, authorization in controls:
        for path in routes(org):
            r = get(srv, path, authorization)
            assert r.status == 200, f"{name} on {path}: {r.status} {r.body!r}"


def test_every_forged_or_broken_token_gets_the_generic_401(env):
    srv, forge, _, org = env
    started = time.time()
    cases = negative_cases(forge, srv.port)
    names = [name for name, _ in cases]
    assert len(set(names)) == len(names) >= 25
    failures, answered = [], 0
    for name, authorization in cases:
        for path in routes(org):
            r = get(srv, path, authorization)
            answered += 1
            if r.status != 401:
                failures.append(f"{name} on {path}: expected 401, got {r.status} {r.body[:200]!r}")
                continue
            body = r.json()
            if sorted(body) != ["error", "error_class", "request_id"] or \
                    body["error_class"] != "unauthenticated":
                failures.append(f"{name} on {path}: not the error body: {r.body!r}")
            # Tokens that reach the verifier all get one message: telling a
            # forger which check failed would help them.
            elif authorization.startswith("Bearer ") and authorization != "Bearer " and \
                    body["error"] != GENERIC_401:
                failures.append(f"{name} on {path}: message is not generic: {body['error']!r}")
            if r.headers.get("WWW-Authenticate") != "Bearer":
                failures.append(f"{name} on {path}: no WWW-Authenticate: Bearer")
    print(f"\nJWT negative corpus: {len(cases)} cases x {len(routes(org))} routes = "
          f"{answered} requests, {len(failures)} failures, {time.time() - started:.1f} s")
    assert not failures, "\n".join(failures)


def token_of_size(forge, size):
    """A correctly signed token of `size` to `size + 3` bytes (base64 grows
    in steps), made big by a filler claim."""
    base = len(forge.good())
    filler = max(0, (size - base) * 3 // 4 - 8)
    while True:
        token = forge.sign(claims=forge.claims(pad="x" * filler))
        if len(token) >= size:
            return token
        filler += 1


def test_token_just_under_the_size_cap_is_accepted(env):
    # Positive control for the size case below: a big but legal token.
    srv, forge, _, org = env
    token = token_of_size(forge, 6100)
    for path in routes(org):
        r = get(srv, path, "Bearer " + token)
        assert r.status == 200, f"{len(token)}-byte token on {path}: {r.status} {r.body!r}"


def test_oversize_token_gets_the_generic_401(env):
    # The server caps bearer tokens at 6 KiB (docs/server.md), below the HTTP
    # transport's 8 KiB header-line limit, so a correctly signed but oversize
    # token reaches the verifier and gets the generic 401.
    srv, forge, _, org = env
    for size in (6145, 7000, 8100):
        token = token_of_size(forge, size)
        assert len(token) > 6144
        for path in routes(org):
            r = get(srv, path, "Bearer " + token)
            assert r.status == 401, f"{len(token)}-byte token on {path}: {r.status} {r.body!r}"
            assert r.json()["error"] == GENERIC_401


def test_header_line_over_the_transport_limit_is_a_clear_400(env):
    # Beyond 8 KiB the request never reaches authentication: the transport
    # refuses the header line, with the usual JSON error body.
    srv, forge, _, org = env
    token = token_of_size(forge, 16000)
    r = get(srv, routes(org)[0], "Bearer " + token)
    assert r.status == 400, r.body
    assert set(r.json()) == {"error", "error_class", "request_id"}


def test_a_good_token_still_works_after_the_corpus(env):
    # The forged tokens must not have poisoned any cache (verified tokens,
    # principals, JWKS refetch on unknown kids).
    srv, forge, cli_token, org = env
    for path in routes(org):
        assert get(srv, path, "Bearer " + cli_token).status == 200
        assert get(srv, path, "Bearer " + forge.good()).status == 200
