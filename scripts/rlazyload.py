# Used by scripts/build_panels.py (issue 13).
"""Read the datasets of an installed R package's lazy-load database (data/Rdata.rdx + .rdb)
from Python, with the `rdata` package: no R needed. Used on Debian's r-cran-pwt* packages."""
import bz2
import lzma
import pathlib
import struct
import warnings
import zlib

import rdata


def _unpack(blob: bytes) -> bytes:
    n = struct.unpack(">I", blob[:4])[0]
    kind = blob[4:5]
    if kind == b"Z":        # xz: R writes a raw LZMA2 stream (preset 9e)
        data = lzma.decompress(blob[5:], format=lzma.FORMAT_RAW,
                               filters=[{"id": lzma.FILTER_LZMA2,
                                         "preset": 9 | lzma.PRESET_EXTREME}])
    elif kind == b"2":
        data = bz2.decompress(blob[5:])
    elif kind == b"0":
        data = blob[5:]
    else:                   # plain zlib after the length
        data = zlib.decompress(blob[4:])
    if len(data) != n:
        raise ValueError(f"decompressed {len(data)} bytes, expected {n}")
    return data


def read_lazyload(directory, base: str = "Rdata", names=None) -> dict:
    d = pathlib.Path(directory)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idx = rdata.conversion.convert(rdata.parser.parse_file(d / f"{base}.rdx"))
        raw = (d / f"{base}.rdb").read_bytes()
        out = {}
        for name, (off, ln) in idx["variables"].items():
            name = str(name)
            if names is not None and name not in names:
                continue
            blob = raw[int(off):int(off) + int(ln)]
            out[name] = rdata.conversion.convert(rdata.parser.parse_data(_unpack(blob)))
    return out
