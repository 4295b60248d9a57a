#!/usr/bin/env python3
"""Seeds for the virtq fuzz target (fuzz_virtq.c): byte 0 is the queue
size (1 << (b % 7)) and bit 7 EVENT_IDX; then ops, op & 7: 0-1 add a chain
(count, first writable), 2 publish, 3 the device writes a used entry (id,
len: 1 byte each, 4 with bit 3), 4 the device moves used->idx (2 bytes;
with bit 3 also its flags), 5 the device completes what it has, 6 get a
completion, 7 wait for a head (1 byte).

Scripts: a driver and a well-behaved device (block-like chains of three,
in flight together, with and without EVENT_IDX), and hostile devices
(unknown ids, a head twice, lengths beyond the writable bytes, used->idx
jumping ahead or back).

  seeds_virtq.py virtq DIR
"""
from seedlib import args, u16, u8, write

ADD, PUBLISH, PUSH, MOVE, BEHAVE, GET, WAIT = 0, 2, 3, 4, 5, 6, 7


def add(n, first_writable):
    return u8(ADD) + u8(n) + u8(first_writable)


target, _, out = args()
rounds = (add(3, 2) + u8(PUBLISH) + u8(BEHAVE | 0x30) + u8(GET)) * 4
write(out, "blk-8", u8(3) + rounds)
write(out, "blk-64-event-idx", u8(0x86) + (add(3, 2) + add(3, 2) + u8(PUBLISH)
                                           + u8(BEHAVE) + u8(GET) + u8(GET)) * 3)
write(out, "rng-1", u8(0) + (add(1, 0) + u8(PUBLISH) + u8(BEHAVE) + u8(WAIT) + u8(0)) * 3)
write(out, "console-16", u8(4) + add(1, 0) + add(1, 1) + u8(PUBLISH) + u8(BEHAVE)
      + u8(GET) + u8(WAIT | 0x40) + u8(1))
write(out, "bad-ids", u8(3) + add(3, 2) + u8(PUBLISH) + u8(PUSH) + u8(7) + u8(1)
      + u8(GET) + u8(PUSH | 8) + (0).to_bytes(4, "little") + (0xffffff).to_bytes(4, "little")
      + u8(GET) + u8(PUSH) + u8(0) + u8(0) + u8(GET))
write(out, "idx-jumps", u8(0x83) + add(2, 1) + u8(PUBLISH) + u8(MOVE) + u16(5) + u8(GET)
      + u8(MOVE | 8) + u16(0xfffb) + u16(1) + u8(WAIT | 0xf0) + u8(0))
