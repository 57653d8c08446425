        .text
        .file   "probe"
        .rodata.cst32
        .p2align 5
CONSTS:
        ; far call ABI high half: system call, fat pointer forwarding, ergs requested u32::MAX (63/64 passed)
        .cell 452312902503159716397502014137536550255307801666780882257920705274096648192
        ; ret ABI high half: fat pointer forwarding
        .cell 26959946667150639794667015087019630673637144422540572481103610249216
        .text
        .globl  __entry
__entry:
.main:
        ; The constructor returns its 192-byte input (so a test chooses the immutables array it returns).
        ; A call far-calls, as a system call, address calldata[32..64] with r3, r4, r5 = calldata words 2, 3, 4
        ; and calldata[160..], and returns the callee's output or reverts with it.
        and 1, r2, r4
        sub.s! 1, r4, r0
        jump.eq @constructor
        add 32, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        add 64, r0, r7
        ptr.add r1, r7, r8
        ld r8, r3
        add 96, r0, r7
        ptr.add r1, r7, r8
        ld r8, r4
        add 128, r0, r7
        ptr.add r1, r7, r8
        ld r8, r5
        add 160, r0, r7
        ptr.add r1, r7, r8
        add @CONSTS[0], r0, r10
        ptr.pack r8, r10, r8
        far_call r8, r9, @failed
        add @CONSTS[1], r0, r10
        ptr.pack r1, r10, r1
        ret.ok r1
failed:
        add @CONSTS[1], r0, r10
        ptr.pack r1, r10, r1
        ret.revert r1
constructor:
        ; copy the 192-byte input to the heap and return it (a frame may not return a pointer into its
        ; caller's pages)
        add 0, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 32, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 64, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 96, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 128, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 160, r0, r7
        ptr.add r1, r7, r8
        ld r8, r9
        st.1 r7, r9
        add 192, r0, r6
        shl.s 96, r6, r6
        ret.ok r6
