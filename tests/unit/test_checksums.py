"""File checksums: block reads give the digest of the whole file's bytes."""

import hashlib

from alwgs import checksums


def test_digests_match_hashlib_over_blocks(tmp_path, monkeypatch):
    data = bytes(range(256)) * 50  # 12,800 bytes: several blocks of the small size below
    f = tmp_path / "x.bin"
    f.write_bytes(data)
    monkeypatch.setattr(checksums, "BLOCK", 1000)
    assert checksums.file_sha256(f) == hashlib.sha256(data).hexdigest()
    assert checksums.file_md5(str(f)) == hashlib.md5(data).hexdigest()


def test_empty_file(tmp_path):
    f = tmp_path / "empty"
    f.write_bytes(b"")
    assert checksums.file_sha256(f) == hashlib.sha256(b"").hexdigest()
