"""Helpers for the parser tests: fixture files, issue summaries, fresh keys and tiny images."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def where(result) -> list[tuple]:
    """Each error as (file, row or path, field): what a person needs to find it."""
    return [(e.file, e.path if e.path is not None else e.row, e.field) for e in result.errors]


def messages(result) -> str:
    return "\n".join(str(e) for e in result.errors)


def public_pem(private_key) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.fixture(scope="session")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def ed_key():
    return ed25519.Ed25519PrivateKey.generate()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built by hand so the tests need no imaging library."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + _chunk(b"IEND", b"")
    )


TINY_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    b'<circle cx="32" cy="32" r="30" fill="#2a6"/></svg>\n'
)


class EndlessLine(io.RawIOBase):
    """A header line, then one line of `size` bytes that never ends, produced on demand.

    Nothing is allocated up front; `served` counts what the parser actually pulled.
    """

    def __init__(self, header: bytes, size: int = 1 << 30) -> None:
        self.pending = header
        self.remaining = size
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            raise AssertionError("the parser tried to read the whole 1 GB stream at once")
        if self.pending:
            out, self.pending = self.pending[:size], self.pending[size:]
        else:
            out = b"a" * min(size, self.remaining)
            self.remaining -= len(out)
        self.served += len(out)
        return out
