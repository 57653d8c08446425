        .text
        .file   "counter"
        .rodata.cst32
        .p2align 5
CONSTS:
        ; far call ABI high half: forwarding mode 1 (fat pointer), ergs requested u32::MAX (63/64 are passed)
        .cell 53919893328024177853947349410203471924066622428978789517743185985536
        ; ret ABI high half: forwarding mode 1 (fat pointer)
        .cell 26959946667150639794667015087019630673637144422540572481103610249216
        ; event key
        .cell 77
        .text
        .globl  __entry
__entry:
.main:
        ; r1 = calldata pointer, r2 bit 0 = constructor call
        and 1, r2, r4
        sub.s! 1, r4, r0
        jump.eq @constructor
        ; command = calldata[0]
        ld r1, r3
        shr.s 248, r3, r3
        sub.s! 1, r3, r0
        jump.eq @fail
        sub.s! 2, r3, r0
        jump.eq @call
        sub.s! 3, r3, r0
        jump.eq @panic
        ; 0 (or anything else): slot0 += 1, event (77, slot0), return slot0
        sload r0, r4
        add 1, r4, r4
        sstore r0, r4
        add @CONSTS[2], r0, r5
        event.first r5, r4
        st.1 r0, r4
        add 32, r0, r6
        shl.s 96, r6, r6
        ret.ok r6
fail:
        ; 1: slot0 += 100 (undone), revert with the would-be value
        sload r0, r4
        add 100, r4, r4
        sstore r0, r4
        st.1 r0, r4
        add 32, r0, r6
        shl.s 96, r6, r6
        ret.revert r6
panic:
        ; 3: write (undone), then panic
        sstore r0, r3
        ret.panic r0
call:
        ; 2: slot0 += 1, far call calldata[32..64] (address) with calldata[64..], return or revert its output
        sload r0, r4
        add 1, r4, r4
        sstore r0, r4
        add 32, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        add 64, r0, r7
        ptr.add r1, r7, r8
        add @CONSTS[0], r0, r10
        ptr.pack r8, r10, r8
        far_call r8, r9, @call_failed
        add @CONSTS[1], r0, r10
        ptr.pack r1, r10, r1
        ret.ok r1
call_failed:
        add @CONSTS[1], r0, r10
        ptr.pack r1, r10, r1
        ret.revert r1
constructor:
        ; slot0 = constructor input word 0
        ld r1, r3
        sstore r0, r3
        ret.ok r0
