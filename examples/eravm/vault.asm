        .text
        .file   "vault"
        .rodata.cst32
        .p2align 5
CONSTS:
        ; far call ABI high half: system call, fat pointer forwarding, ergs requested u32::MAX (63/64 passed)
        .cell 452312902503159716397502014137536550255307801666780882257920705274096648192
        ; far call ABI: system call, heap forwarding of heap[0..32], ergs requested u32::MAX
        .cell 452312875543213049246862219470521463235677130564937660173807027163892809728
        ; ret ABI high half: fat pointer forwarding
        .cell 26959946667150639794667015087019630673637144422540572481103610249216
        ; keccak256("Deposit(address,uint256)")
        .cell 102222681472383059465863322013072701928378550215632170212813623808969952268444
        .text
        .globl  __entry
__entry:
.main:
        ; An EraVM vault (examples/blocks/eravm.json). r1 = calldata pointer, r2 bit 0 = constructor call.
        ; Command calldata[0]: 0 deposit, 1 pay, 2 fail. Slot 0 = total deposited.
        and 1, r2, r4
        sub.s! 1, r4, r0
        jump.eq @constructor
        ld r1, r3
        shr.s 248, r3, r3
        sub.s! 1, r3, r0
        jump.eq @pay
        sub.s! 2, r3, r0
        jump.eq @fail
        ; 0: slot0 += msg.value, event Deposit(msg.sender indexed, msg.value) through the EventWriter,
        ; return slot0
        context.get_context_u128 r4
        sload r0, r5
        add r4, r5, r5
        sstore r0, r5
        st.1 r0, r4
        context.caller r5
        add 2, r0, r3
        add @CONSTS[3], r0, r4
        add @CONSTS[1], r0, r1
        add 32781, r0, r2
        far_call r1, r2, @panic
        sload r0, r5
        st.1 r0, r5
        add 32, r0, r6
        shl.s 96, r6, r6
        ret.ok r6
pay:
        ; 1: call calldata[32..64] (address) with calldata[96..] and calldata[64..96] wei through the
        ; MsgValueSimulator; return its output, or revert with it
        add 32, r0, r7
        ptr.add r1, r7, r8
        ld r8, r4
        add 64, r0, r7
        ptr.add r1, r7, r8
        ld r8, r3
        add 96, r0, r7
        ptr.add r1, r7, r8
        add @CONSTS[0], r0, r10
        ptr.pack r8, r10, r8
        add r0, r0, r5
        add 32777, r0, r9
        far_call r8, r9, @pay_failed
        add @CONSTS[2], r0, r10
        ptr.pack r1, r10, r1
        ret.ok r1
pay_failed:
        add @CONSTS[2], r0, r10
        ptr.pack r1, r10, r1
        ret.revert r1
fail:
        ; 2: slot0 += 100 (undone), revert with the would-be total
        sload r0, r4
        add 100, r4, r4
        sstore r0, r4
        st.1 r0, r4
        add 32, r0, r6
        shl.s 96, r6, r6
        ret.revert r6
panic:
        ret.panic r0
constructor:
        ; slot0 = constructor input word 0
        ld r1, r3
        sstore r0, r3
        ret.ok r0
