//! Generated programs for the differential test against zk_evm (`tests/diff.rs`): each is a bootloader
//! entry (kernel, at 0x8001) plus the callee contracts it needs, built from opcode families × addressing
//! modes × conditions × flag setting × operand values. Families covered:
//! * binary ops (add, sub, mul, div, and, or, xor, shl, shr, rol, ror) with every condition, set-flags,
//!   swap, source and destination addressing mode;
//! * heap and aux heap loads and stores (`ld.1`, `ld.2`, `st.1`, `st.2`, `.inc`) inside, at and beyond the
//!   bound; fat pointer ops (`ptr.add/sub/shrink/pack`) and fat pointer reads (`ld`, `ld.inc`);
//! * context reads and writes (this, caller, code source, meta, ergs left, sp, context u128, tx number,
//!   ergs per pubdata); jumps and near calls with every condition, near returns to handler and label;
//! * log ops: storage and transient reads and writes (with the pubdata counter read back, reverted and
//!   out-of-ergs near calls), events, L1 messages, decommits, precompile calls with extra ergs and pubdata;
//! * far calls (normal, delegate, mimic, static) to user and kernel callees and to addresses without code,
//!   with heap, aux heap and fat pointer forwarding, ergs requests, constructor and system flags, the
//!   MsgValueSimulator surcharge, and callees that return, revert or panic with data, forward their
//!   calldata, read their context, write storage, emit events (a kernel-only op) or run out of ergs.
//!
//! * EVM-emulator dispatch: far calls of every kind to user and kernel addresses marked with a blob hash
//!   (at rest or in construction, with and without the constructor flag), run by an emulator that reads
//!   its context and flags or returns data.
//!
//! Not covered here: static memory (`ld.s`/`st.s`; zk_evm's reference memory rejects static reads).

use primitives::U256;

/// One generated program.
pub struct Generated {
    /// A readable description.
    pub name: String,
    /// The entry's source.
    pub src: String,
    /// Contracts to deploy first: (address, source).
    pub callees: Vec<(u64, String)>,
    /// The EVM-emulator code and the addresses marked as EVM contracts (address, in construction).
    pub evm: Option<(String, Vec<(u64, bool)>)>,
}

/// Every generated program.
pub fn generated() -> Vec<Generated> {
    let plain = |(name, src): (String, String)| Generated { name, src, callees: Vec::new(), evm: None };
    let mut out: Vec<Generated> = single_frame().into_iter().map(plain).collect();
    out.extend(log_ops().into_iter().map(plain));
    out.extend(far_calls());
    out.extend(evm_calls());
    out
}

/// Operand pairs (decimal) the programs start from: r1 = a, r2 = b, stack[0] = a, stack[1] = b.
const PAIRS: &[(&str, &str)] = &[
    ("0", "0"),
    ("1", "2"),
    ("2", "1"),
    ("5", "5"),
    // u256::MAX, 1
    ("115792089237316195423570985008687907853269984665640564039457584007913129639935", "1"),
    // 2^255, 3
    ("57896044618658097711785492504343953926634992332820282019728792003956564819968", "3"),
    ("115792089237316195423570985008687907853269984665640564039457584007913129639935", "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
    ("340282366920938463463374607431768211457", "300"),
    ("7", "257"),
    ("123456789012345678901234567890", "65535"),
];

const CONDITIONS: &[&str] = &["", "gt", "lt", "eq", "ge", "le", "ne", "gtlt", "of"];

pub fn program(pair: usize, flag_setter: &str, body: &str) -> String {
    let (a, b) = PAIRS[pair % PAIRS.len()];
    format!(
        "        .text\n        .file \"gen\"\n        .rodata.cst32\n        .p2align 5\nCONSTS:\n        .cell {a}\n        .cell {b}\n        .cell 0\n        .text\n        .globl __entry\n__entry:\n.main:\n        add @CONSTS[0], r0, r1\n        add @CONSTS[1], r0, r2\n        add r1, r0, stack+=[1]\n        add r2, r0, stack+=[1]\n        nop stack+=[2]\n        {flag_setter} r1, r2, r0\n{body}        context.sp r13\n        add stack[2], r0, r14\n        add stack-[1], r0, r15\n        ret.ok r0\n"
    )
}

/// (name, source) of the single-frame programs: arithmetic, heap, fat pointers, context, jumps, near calls.
fn single_frame() -> Vec<(String, String)> {
    let mut out = Vec::new();
    // two-source binary ops: (mnemonic, has swap variant, two destinations)
    let ops: &[(&str, bool, bool)] = &[
        ("add", false, false),
        ("sub", true, false),
        ("mul", false, true),
        ("div", true, true),
        ("and", false, false),
        ("or", false, false),
        ("xor", false, false),
        ("shl", true, false),
        ("shr", true, false),
        ("rol", true, false),
        ("ror", true, false),
    ];
    let srcs = ["r1", "5", "@CONSTS[0]", "stack[0]", "stack-[1]", "stack-=[1]", "stack[r2+1]"];
    let dsts = ["r3", "stack[2]", "stack-[1]", "stack+=[1]", "stack[r1+3]"];
    let setters = ["sub!", "add!", "sub.s!"];
    let mut n = 0usize;
    // 1. every op × condition × set-flags × swap, rotating operands, addressing and flag setter
    for &(op, swap, two) in ops {
        for cond in CONDITIONS {
            for set_flags in [false, true] {
                for swapped in if swap { vec![false, true] } else { vec![false] } {
                    let mut mn = op.to_string();
                    if !cond.is_empty() {
                        mn += &format!(".{cond}");
                    }
                    if swapped {
                        mn += ".s";
                    }
                    if set_flags {
                        mn += "!";
                    }
                    let src = srcs[n % srcs.len()];
                    let dst = if two { "r3" } else { dsts[(n / 3) % dsts.len()] };
                    let tail = if two { ", r4" } else { "" };
                    let body = format!("        {mn} {src}, r2, {dst}{tail}\n        {mn} r3, r1, r5{tail2}\n", tail2 = if two { ", r6" } else { "" });
                    out.push((format!("{mn} {src}, r2, {dst}{tail} #{n}"), program(n, setters[n % setters.len()], &body)));
                    n += 1;
                }
            }
        }
    }
    // 2. every op × source mode × destination mode (unconditional), on every operand pair in turn
    for &(op, _, two) in ops {
        for src in srcs {
            for dst in dsts {
                if two && dst != "r3" {
                    // the second destination must be a register; the first may be anything
                    let body = format!("        {op} {src}, r2, {dst}, r4\n");
                    out.push((format!("{op} {src}, r2, {dst}, r4 #{n}"), program(n, "sub!", &body)));
                } else {
                    let tail = if two { ", r4" } else { "" };
                    let body = format!("        {op}! {src}, r2, {dst}{tail}\n");
                    out.push((format!("{op}! {src}, r2, {dst}{tail} #{n}"), program(n, "sub!", &body)));
                }
                n += 1;
            }
        }
    }
    // 3. heap and aux heap: reads and writes at offsets inside, at and beyond the bound, with increments
    let offsets = ["0", "31", "4064", "4096", "65504", "4294967264", "4294967295", "4294967296"];
    for (i, off) in offsets.iter().enumerate() {
        for (op, inc) in [("ld.1", false), ("ld.2", false), ("st.1", false), ("st.2", false), ("ld.1", true), ("st.2", true)] {
            let body = match (op.starts_with("ld"), inc) {
                (true, false) => format!("        add {off}, r0, r7\n        {op} r7, r8\n"),
                (true, true) => format!("        add {off}, r0, r7\n        {op}.inc r7, r8, r9\n"),
                (false, false) => format!("        add {off}, r0, r7\n        {op} r7, r1\n        ld.1 r7, r8\n"),
                (false, true) => format!("        add {off}, r0, r7\n        {op}.inc r7, r1, r9\n        ld.2 r7, r8\n"),
            };
            // offsets above 16 bits go through the constant pool
            // offsets above 16 bits are built from 16-bit immediates
            let v: u64 = off.parse().unwrap();
            let body = if v > 65535 {
                let mut s = String::from("add 0, r0, r7\n");
                for shift in [48u32, 32, 16, 0] {
                    s += &format!("        shl.s 16, r7, r7\n        add {}, r7, r7\n", (v >> shift) & 0xffff);
                }
                body.replace(&format!("add {off}, r0, r7\n"), &s)
            } else {
                body
            };
            out.push((format!("{op}{} @{off} #{n}", if inc { ".inc" } else { "" }), program(n + i, "sub!", &body)));
            n += 1;
        }
    }
    // 4. fat pointers
    let ptr_ops = [
        "ptr.add r12, r2, r3",
        "ptr.sub r12, r2, r3",
        "ptr.shrink r12, r2, r3",
        "ptr.pack r12, r2, r3",
        "ptr.add r1, r2, r3",
        "ptr.add.s r2, r12, r3",
        "ptr.add r12, r2, stack[2]",
        "ld r12, r3",
        "ld.inc r12, r3, r4",
    ];
    for op in ptr_ops {
        for pair in 0..PAIRS.len() {
            // the entry r1 (calldata pointer) is saved in r12 before the prologue overwrites r1
            let body = format!("        {op}\n");
            out.push((format!("{op} #{n}"), program(pair, "sub!", &body).replace("__entry:\n.main:\n", "__entry:\n.main:\n        ptr.add r1, r0, r12\n")));
            n += 1;
        }
    }
    // 5. context reads and writes, conditional jumps and near calls
    let misc = [
        "context.this r3",
        "context.caller r3",
        "context.code_source r3",
        "context.meta r3",
        "context.ergs_left r3",
        "context.sp r3",
        "context.get_context_u128 r3",
        "context.set_context_u128 r2\n        context.get_context_u128 r3",
        "context.inc_tx_num",
        "context.set_ergs_per_pubdata r2",
    ];
    for (i, m) in misc.iter().enumerate() {
        out.push((format!("{m} #{n}"), program(i, "sub!", &format!("        {m}\n"))));
        n += 1;
    }
    for cond in CONDITIONS {
        for pair in 0..4 {
            let c = if cond.is_empty() { String::new() } else { format!(".{cond}") };
            let body = format!(
                "        jump{c} @skip\n        add 1, r0, r3\nskip:\n        add 100, r0, r4\n        near_call{c} r4, @callee, @handler\n        add 2, r0, r5\n        jump @done\ncallee:\n        add 3, r0, r6\n        ret.ok r0\nhandler:\n        add 4, r0, r7\ndone:\n"
            );
            out.push((format!("jump/near_call{c} #{n}"), program(pair + 1, setters[pair % 3], &body)));
            n += 1;
        }
    }
    // near call running out of ergs, near revert and panic to the handler
    for (i, ret) in ["ret.ok r0", "ret.revert r0", "ret.panic r0", "ret.ok.to_label r0, @handler", "ret.revert.to_label r0, @handler"].iter().enumerate() {
        for ergs in ["0", "5", "100"] {
            let body = format!(
                "        add {ergs}, r0, r4\n        near_call r4, @callee, @handler\n        add 2, r0, r5\n        jump @done\ncallee:\n        add 3, r0, r6\n        {ret}\nhandler:\n        add 4, r0, r7\ndone:\n"
            );
            out.push((format!("near_call {ergs} → {ret} #{n}"), program(i, "sub!", &body)));
            n += 1;
        }
    }
    out
}

/// Asm that loads `v` into `reg` from 16-bit immediates (runs of zero chunks become one shift).
pub fn load(reg: &str, v: U256) -> String {
    let limbs = v.as_limbs();
    let chunks: Vec<u64> = (0..16).rev().map(|i| (limbs[i / 4] >> ((i % 4) * 16)) & 0xffff).collect();
    let Some(first) = chunks.iter().position(|c| *c != 0) else {
        return format!("        add 0, r0, {reg}\n");
    };
    let mut out = format!("        add {}, r0, {reg}\n", chunks[first]);
    let mut shift = 0;
    for c in &chunks[first + 1..] {
        shift += 16;
        if *c != 0 {
            out += &format!("        shl.s {shift}, {reg}, {reg}\n        add {c}, {reg}, {reg}\n");
            shift = 0;
        }
    }
    if shift > 0 {
        out += &format!("        shl.s {shift}, {reg}, {reg}\n");
    }
    out
}

/// The hash of the one-zero-word code `compare` always registers (a decommit of it is known to both VMs).
fn zero_word_hash() -> U256 {
    U256::from_be_bytes(super::code_hash(&[[0u8; 32]]))
}

/// Log ops in the (kernel) root frame and in near calls that return, revert, panic or run out of ergs.
fn log_ops() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for pair in 0..PAIRS.len() {
        let body = "        log.swrite r1, r2, r0\n        context.meta r3\n        log.sread r1, r0, r4\n        log.twrite r2, r1, r0\n        log.tread r2, r0, r5\n        log.sread r2, r0, r6\n        log.swrite r1, r0, r0\n        context.meta r7\n";
        out.push((format!("storage/transient rw #{pair}"), program(pair, "sub!", body)));
    }
    for ret in ["ret.ok r0", "ret.revert r0", "ret.panic r0"] {
        for ergs in ["0", "3000", "6000", "20000"] {
            let body = format!(
                "        add {ergs}, r0, r4\n        near_call r4, @callee, @handler\n        jump @done\ncallee:\n        log.swrite r1, r2, r0\n        context.meta r3\n        log.swrite r2, r1, r0\n        log.twrite r1, r2, r0\n        {ret}\nhandler:\n        add 4, r0, r7\ndone:\n        context.meta r8\n        log.sread r1, r0, r9\n        log.tread r1, r0, r10\n        log.sread r2, r0, r11\n"
            );
            out.push((format!("near_call {ergs} writing → {ret}"), program(3, "sub!", &body)));
        }
    }
    for (i, op) in ["log.event r1, r2, r0", "log.event.first r1, r2, r0", "log.to_l1 r1, r2, r0", "log.to_l1.first r1, r2, r0"]
        .iter()
        .enumerate()
    {
        for ergs in ["0", "100"] {
            let body = format!(
                "        add {ergs}, r0, r4\n        near_call r4, @callee, @handler\n        jump @done\ncallee:\n        {op}\n        {op}\n        ret.ok r0\nhandler:\n        add 4, r0, r7\ndone:\n        context.meta r8\n"
            );
            out.push((format!("{op} in near_call {ergs}"), program(i, "sub!", &body)));
        }
    }
    // decommits: garbage (invalid format), the known zero-word code as an EraVM and as a blob hash, fresh
    // or already decommitted (by a far call to an address without code, which runs that code as the
    // default account; then the extra cost is refunded), with extra costs up to more than is left. (A
    // second decommit in the same frame trips an assertion in zk_evm, so each program decommits once.)
    let known = zero_word_hash();
    let mut blob = known.to_be_bytes::<32>();
    blob[..4].copy_from_slice(&[2, 0, 0, 0]);
    let hashes = [("garbage", None), ("eravm hash", Some(known)), ("blob hash", Some(U256::from_be_bytes(blob)))];
    for (what, h) in hashes {
        for extra in [0u64, 100, 5000, u32::MAX as u64] {
            for warm in [false, true] {
                let pre = if warm { format!("{}        far_call r1, r2, @after\nafter:\n", load("r2", U256::from(65537u64))) } else { String::new() };
                let key = h.map(|h| load("r1", h)).unwrap_or_default();
                let body = format!(
                    "{pre}{key}{}        context.ergs_left r4\n        log.decommit r1, r2, r3\n        context.ergs_left r5\n",
                    load("r2", U256::from(extra))
                );
                let state = if warm { "decommitted" } else { "fresh" };
                out.push((format!("log.decommit {what} ({state}) extra {extra}"), program(extra as usize, "sub!", &body)));
            }
        }
    }
    // precompile calls from a non-precompile address only burn ergs (and add the declared pubdata)
    for aux in [0u64, 10, 5000, (3 << 32) | 7, u32::MAX as u64, (65 << 32) | 4_000_000_000] {
        let body = format!(
            "{}        log.precompile r1, r2, r3\n        context.meta r4\n        context.ergs_left r5\n",
            load("r2", U256::from(aux))
        );
        out.push((format!("log.precompile aux {aux:#x}"), program(1, "sub!", &body)));
    }
    out
}

/// Callee contracts for the far-call programs: (description, body).
const CALLEES: &[(&str, &str)] = &[
    ("returns nothing", "        ret.ok r0\n"),
    ("returns a heap word", "        add 7, r0, r6\n        st.1 r0, r6\n        add 32, r0, r5\n        shl.s 96, r5, r5\n        ret.ok r5\n"),
    ("reverts with a heap word", "        add 7, r0, r6\n        st.1 r0, r6\n        add 32, r0, r5\n        shl.s 96, r5, r5\n        ret.revert r5\n"),
    ("panics", "        ret.panic r0\n"),
    ("forwards its calldata back", "        add 1, r0, r5\n        shl.s 224, r5, r5\n        ptr.pack r1, r5, r5\n        ret.ok r5\n"),
    (
        "reads its context, writes storage",
        "        context.caller r3\n        context.this r4\n        context.code_source r5\n        context.get_context_u128 r6\n        context.meta r7\n        context.ergs_left r8\n        ld r1, r9\n        log.sread r0, r0, r10\n        log.swrite r0, r2, r0\n        log.twrite r0, r2, r0\n        context.meta r11\n        ret.ok r0\n",
    ),
    ("spins until out of ergs", "spin:\n        add 1, r3, r3\n        jump @spin\n"),
    ("returns an aux heap slice", "        add 9, r0, r6\n        st.2 r0, r6\n        add 64, r0, r5\n        shl.s 96, r5, r5\n        add 2, r0, r6\n        shl.s 224, r6, r6\n        or r5, r6, r5\n        ret.ok r5\n"),
    ("emits an event", "        log.event r0, r0, r0\n        ret.ok r0\n"),
    ("returns a non-pointer as a pointer", "        add 1, r0, r5\n        shl.s 224, r5, r5\n        ret.ok r5\n"),
    ("returns a slice beyond its heap", "        add 2, r0, r5\n        shl.s 112, r5, r5\n        ret.ok r5\n"),
];

fn callee_src(body: &str) -> String {
    format!("        .text\n        .file \"callee\"\n        .rodata.cst32\n        .p2align 5\n        .text\n        .globl __entry\n__entry:\n.main:\n{body}")
}

/// The far call ABI word.
#[derive(Clone, Copy)]
struct Abi {
    offset: u32,
    start: u32,
    length: u32,
    ergs: u32,
    /// 0 heap, 1 fat pointer (the entry's calldata pointer, packed), 2 aux heap.
    mode: u8,
    constructor: bool,
    system: bool,
}

const ABI: Abi = Abi { offset: 0, start: 0, length: 64, ergs: 10000, mode: 0, constructor: false, system: false };

impl Abi {
    fn word(&self) -> U256 {
        // bits 0..128: the fat pointer (offset, page, start, length); 192..224 ergs; then forwarding mode,
        // shard, constructor and system bytes
        let high = (self.ergs as u64)
            | ((self.mode as u64) << 32)
            | ((self.constructor as u64) << 48)
            | ((self.system as u64) << 56);
        U256::from_limbs([self.offset as u64, self.start as u64 | ((self.length as u64) << 32), 0, high])
    }
}

/// Entry code that far-calls `address` with `abi` (r1) and reads what comes back.
fn far_call_body(kind: &str, abi: Abi, address: u64, prelude: &str) -> String {
    let abi_asm = if abi.mode == 1 {
        // forward (a slice of) the entry's own calldata pointer, saved in r12
        let high = abi.word() & (U256::MAX << 128);
        format!("{}        ptr.pack r12, r9, r1\n", load("r9", high))
    } else {
        load("r1", abi.word())
    };
    format!(
        "{prelude}{abi_asm}{}        {kind} r1, r2, @fc_handler\n        ld r1, r3\n        context.ergs_left r4\n        jump @fc_done\nfc_handler:\n        add 4, r0, r7\n        ld r1, r3\nfc_done:\n",
        load("r2", U256::from(address))
    )
}

fn entry(body: &str) -> String {
    // the entry's r1 (its calldata pointer) is saved in r12 before the prologue overwrites r1
    program(1, "sub!", body).replace("__entry:\n.main:\n", "__entry:\n.main:\n        ptr.add r1, r0, r12\n")
}

/// Far calls: kinds × callees, kernel callees, ABI variations, addresses without code, flags, chains.
fn far_calls() -> Vec<Generated> {
    const USER: u64 = 65536;
    const KERNEL: u64 = 0x8010;
    let mut out = Vec::new();
    let mut push = |name: String, body: String, callees: Vec<(u64, String)>| {
        out.push(Generated { name, src: entry(&body), callees, evm: None });
    };
    let mimic_prelude = load("r15", U256::from(0x1234u64));
    for kind in ["far_call", "far_call.delegate", "far_call.mimic", "far_call.static"] {
        for (c, (what, body)) in CALLEES.iter().enumerate() {
            let prelude = if kind == "far_call.mimic" { mimic_prelude.clone() } else { String::new() };
            push(format!("{kind} to a user callee that {what} (#{c})"), far_call_body(kind, ABI, USER, &prelude), vec![(USER, callee_src(body))]);
        }
    }
    for (c, (what, body)) in CALLEES.iter().enumerate() {
        push(format!("far_call to a kernel callee that {what} (#{c})"), far_call_body("far_call", ABI, KERNEL, ""), vec![(KERNEL, callee_src(body))]);
    }
    // ABI variations, with a callee that returns data and one that reads its context
    for c in [1usize, 5] {
        for ergs in [0u32, 100, 5000, u32::MAX] {
            for mode in [0u8, 2] {
                for (start, length) in [(0u32, 0u32), (32, 64), (4000, 200), (0, 5_000_000)] {
                    let abi = Abi { start, length, ergs, mode, ..ABI };
                    push(
                        format!("far_call mode {mode} [{start}, +{length}) ergs {ergs} to callee #{c}"),
                        far_call_body("far_call", abi, USER, ""),
                        vec![(USER, callee_src(CALLEES[c].1))],
                    );
                }
            }
            let abi = Abi { ergs, mode: 1, ..ABI };
            push(format!("far_call forwarding a fat pointer, ergs {ergs}, to callee #{c}"), far_call_body("far_call", abi, USER, ""), vec![(USER, callee_src(CALLEES[c].1))]);
        }
        let abi = Abi { offset: 5, ..ABI };
        push(format!("far_call with a heap slice offset (malformed) to callee #{c}"), far_call_body("far_call", abi, USER, ""), vec![(USER, callee_src(CALLEES[c].1))]);
    }
    // addresses without code: a user one runs the default account (here one zero word), a kernel one panics
    for kind in ["far_call", "far_call.delegate"] {
        for address in [USER + 1, KERNEL + 1] {
            push(format!("{kind} to {address:#x} without code"), far_call_body(kind, ABI, address, ""), Vec::new());
        }
    }
    // flags: system calls keep r3..r12 (untagged), the MsgValueSimulator takes a surcharge from the caller,
    // a constructor call to code at rest is masked to the default account
    let callee5 = callee_src(CALLEES[5].1);
    let prelude = "        add 5, r0, r3\n        add 6, r0, r4\n        ptr.add r12, r0, r5\n";
    for system in [false, true] {
        let abi = Abi { system, ..ABI };
        push(format!("far_call system={system} to the MsgValueSimulator"), far_call_body("far_call", abi, 0x8009, prelude), vec![(0x8009, callee5.clone())]);
        push(format!("far_call system={system} to a kernel callee"), far_call_body("far_call", abi, KERNEL, prelude), vec![(KERNEL, callee5.clone())]);
    }
    let abi = Abi { constructor: true, ..ABI };
    push("far_call constructor=true to code at rest".into(), far_call_body("far_call", abi, USER, ""), vec![(USER, callee5.clone())]);
    // the context value reaches a normal callee; a delegate callee sees the caller's own
    for kind in ["far_call", "far_call.delegate"] {
        let prelude = format!("{}        context.set_context_u128 r3\n", load("r3", U256::from(0xabcdef_u64)));
        push(format!("{kind} with a context value"), far_call_body(kind, ABI, USER, &prelude), vec![(USER, callee5.clone())]);
    }
    // chains: data returned by one callee is forwarded (whole, or shifted by ptr.add) to another
    for shift in [0u32, 16, 40] {
        let first = far_call_body("far_call", ABI, USER, "");
        let high = Abi { mode: 1, ..ABI }.word() & (U256::MAX << 128);
        let second = format!(
            "{}        ptr.add r1, r0, r10\n        add {shift}, r0, r11\n        ptr.add r10, r11, r10\n        ptr.pack r10, r9, r1\n{}        far_call r1, r2, @h2\n        ld r1, r6\nh2:\n",
            load("r9", high),
            load("r2", U256::from(KERNEL))
        );
        push(
            format!("returned data forwarded on (shifted by {shift})"),
            format!("{first}{second}"),
            vec![(USER, callee_src(CALLEES[1].1)), (KERNEL, callee_src(CALLEES[4].1))],
        );
    }
    out
}

/// Far calls to addresses marked as EVM contracts: the block's EVM-emulator code runs instead (as a
/// non-static frame with the static flag in r2, on the EVM heap stipend), unless the marker and the
/// constructor flag disagree (then a user address runs the default account and a kernel one panics).
fn evm_calls() -> Vec<Generated> {
    let stubs = [(65536u64, false), (65538, true), (0x8012, false), (0x8013, true)];
    let mut out = Vec::new();
    for kind in ["far_call", "far_call.static", "far_call.delegate", "far_call.mimic"] {
        for (address, in_construction) in stubs {
            for constructor in [false, true] {
                for (what, emulator) in [CALLEES[5], CALLEES[1]] {
                    if what == CALLEES[1].0 && (constructor || in_construction || address != 65536) {
                        continue; // the returning emulator only for the plain case
                    }
                    let abi = Abi { constructor, ..ABI };
                    out.push(Generated {
                        name: format!("{kind} to EVM {address:#x} (in construction {in_construction}, constructor {constructor}): emulator {what}"),
                        src: entry(&far_call_body(kind, abi, address, "")),
                        callees: Vec::new(),
                        evm: Some((callee_src(emulator), stubs.to_vec())),
                    });
                }
            }
        }
    }
    out
}
