#!/usr/bin/env python3
"""Writes vectors/cbor2-random.tsv: random documents encoded by the cbor2 package (PyPI), each
with the JSON that the Kubernetes reading of that CBOR should give. Regenerate with
`pip install cbor2 && python3 oracle/cbor_vectors.py > vectors/cbor2-random.tsv` (seeded).

Line format: <cbor hex> TAB <expected JSON>.
Kubernetes conventions encoded here: byte strings are Go strings (shown as text), tag 22/21/23
byte strings are []byte shown as base64 / base64url without padding / lowercase hex.
"""
import base64
import json
import random
import struct
import sys

import cbor2

rng = random.Random(0xCB0B)


def rand_text():
    out = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.randint(0, 5)
        if kind == 0:
            out.append(chr(rng.randint(0, 0x7F)))
        elif kind == 1:
            out.append(chr(rng.randint(0x80, 0x7FF)))
        elif kind == 2:
            c = rng.randint(0x800, 0xFFFF)
            out.append(chr(c if not 0xD800 <= c < 0xE000 else 0x41))
        elif kind == 3:
            out.append(chr(rng.randint(0x10000, 0x10FFFF)))
        else:
            out.append(rng.choice(["metadata", "name", "<&>", "\u2028", "\n", "\"", "\\"]))
    return "".join(out)


def rand_float():
    kind = rng.randint(0, 4)
    if kind == 0:
        while True:
            f = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if f == f and abs(f) != float("inf"):
                return f
    if kind == 1:  # exactly representable as binary16
        return rng.randint(-2048, 2048) * 2.0 ** rng.randint(-24, 5)
    if kind == 2:  # exactly representable as binary32
        return float(struct.unpack("<f", struct.pack("<f", rng.uniform(-1e30, 1e30)))[0])
    if kind == 3:
        return rng.randint(-10**6, 10**6) / 10 ** rng.randint(0, 8)
    return rng.choice([0.0, -0.0, 0.5, 1e21, 1e-7, 65504.0, 5e-324])


def rand_value(depth):
    """Returns (python value to encode, expected JSON-compatible value)."""
    kind = rng.randint(0, 9 if depth < 4 else 6)
    if kind == 0:
        n = rng.choice([rng.randint(0, 30), rng.randint(0, 2**64 - 1), rng.randint(-2**64, -1), rng.randint(-1000, 1000)])
        return n, n
    if kind == 1:
        f = rand_float()
        return f, f
    if kind == 2:
        b = rng.choice([True, False, None])
        return b, b
    if kind == 3:
        s = rand_text()
        return s, s
    if kind == 4:  # a Go string written as a byte string, as Kubernetes does
        s = rand_text()
        return s.encode("utf-8"), s
    if kind == 5:
        raw = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 20)))
        tag = rng.choice([21, 22, 23])
        if tag == 21:
            text = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        elif tag == 22:
            text = base64.b64encode(raw).decode()
        else:
            text = raw.hex()
        return cbor2.CBORTag(tag, raw), text
    if kind == 6:
        big = rng.randint(2**64, 2**200)
        if rng.random() < 0.5:
            return big, big
        return -big, -big
    if kind in (7, 8):
        encoded, expected = {}, {}
        for _ in range(rng.randint(0, 5)):
            key = rand_text()
            if key in expected:
                continue
            v, e = rand_value(depth + 1)
            encoded[key.encode("utf-8") if rng.random() < 0.5 else key] = v
            expected[key] = e
        return encoded, expected
    items = [rand_value(depth + 1) for _ in range(rng.randint(0, 5))]
    return [v for v, _ in items], [e for _, e in items]


def main():
    out = sys.stdout
    for index in range(2000):
        value, expected = rand_value(0)
        if index % 3 == 0:
            value = cbor2.CBORTag(55799, value)
        encoded = cbor2.dumps(value, canonical=(index % 2 == 0))
        out.write(encoded.hex() + "\t" + json.dumps(expected, ensure_ascii=True) + "\n")


main()
