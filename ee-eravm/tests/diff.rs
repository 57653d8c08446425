//! Differential test against the reference `zk_evm` 0.153.12: every `../shared/eravm/asm` test (assembled by
//! `zkevm-assembly`) runs in both machines, stepped cycle by cycle; after each cycle the registers (value
//! and pointer tag), flags, pc, sp, ergs, heap bounds and call depth must agree, and at the end the storage.

mod common;

use common::*;
use primitives::{Address, U256};
use zk_evm::aux_structures::{MemoryPage, Timestamp};
use zk_evm::block_properties::BlockProperties;
use zk_evm::ethereum_types::{Address as EAddress, U256 as EU256};
use zk_evm::reference_impls::memory::SimpleMemory;
use zk_evm::testing::create_default_testing_tools;
use zk_evm::tracing::*;
use zk_evm::vm_state::{CallStackEntry, PrimitiveValue, Version, VmState};
use zk_evm::zkevm_opcode_defs::{FatPointer as EFat, BOOTLOADER_BASE_PAGE, BOOTLOADER_CALLDATA_PAGE};
use zkos_ee_eravm::vm::{FarCallMode, Vm};

/// Programs known to diverge, each with the reason. Any other divergence, or a listed program that starts
/// agreeing, fails the test (update the list).
const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];
const EXPECTED_PROGRAMS: usize = 70;

#[derive(Debug)]
struct Quiet;
impl Tracer for Quiet {
    type SupportedMemory = SimpleMemory;
    fn before_decoding(&mut self, _: VmLocalStateData<'_>, _: &SimpleMemory) {}
    fn after_decoding(&mut self, _: VmLocalStateData<'_>, _: AfterDecodingData, _: &SimpleMemory) {}
    fn before_execution(&mut self, _: VmLocalStateData<'_>, _: BeforeExecutionData, _: &SimpleMemory) {}
    fn after_execution(&mut self, _: VmLocalStateData<'_>, _: AfterExecutionData, _: &SimpleMemory) {}
}

fn eu(v: &U256) -> EU256 {
    EU256::from_big_endian(&v.to_be_bytes::<32>())
}

fn ea(a: &Address) -> EAddress {
    EAddress::from_slice(&a.0)
}

/// Runs a program (the bootloader frame at 0x8001, kernel, u32::MAX ergs) in both machines cycle by cycle.
/// `Err` is a divergence; `Ok(Err)` means zk_evm itself failed (an assertion or an error).
fn compare(
    entry: &[[u8; 32]],
    host: &mut TestHost,
    default_aa: Option<[u8; 32]>,
    evm_emulator: Option<[u8; 32]>,
    cycle_limit: u64,
    cycles: &mut u64,
) -> Option<String> {
    host.register(&[[0u8; 32]]);
    // reference
    let mut tools = create_default_testing_tools();
    let mut populate = Vec::new();
    for ((a, k), v) in &host.storage {
        populate.push((0u8, ea(a), eu(k), eu(v)));
    }
    tools.storage.populate(populate);
    let mut known = Vec::new();
    for code in host.codes.values() {
        let words: Vec<[u8; 32]> = code.iter().map(|w| w.to_be_bytes::<32>()).collect();
        known.push((EU256::from_big_endian(&code_hash(&words)), code.iter().map(eu).collect::<Vec<_>>()));
    }
    tools.decommittment_processor.populate(known);
    let zero_hash = {
        let h = code_hash(&[[0u8; 32]]);
        EU256::from_big_endian(&h)
    };
    let bp = BlockProperties {
        default_aa_code_hash: default_aa.map(|h| EU256::from_big_endian(&h)).unwrap_or(zero_hash),
        evm_emulator_code_hash: evm_emulator.map(|h| EU256::from_big_endian(&h)).unwrap_or(zero_hash),
        zkporter_is_available: false,
    };
    tools.memory.populate_page(vec![(BOOTLOADER_BASE_PAGE, entry.iter().map(|w| EU256::from_big_endian(w)).collect())]);
    let mut reference = VmState::empty_state(
        tools.storage,
        tools.memory,
        tools.event_sink,
        tools.precompiles_processor,
        tools.decommittment_processor,
        tools.witness_tracer,
        bp,
        Version::latest(),
    );
    let mut ctx = CallStackEntry::empty_context();
    ctx.this_address = EAddress::from_low_u64_be(0x8001);
    ctx.code_address = ctx.this_address;
    ctx.base_memory_page = MemoryPage(BOOTLOADER_BASE_PAGE);
    ctx.code_page = MemoryPage(BOOTLOADER_BASE_PAGE);
    ctx.exception_handler_location = u16::MAX;
    ctx.ergs_remaining = u32::MAX;
    ctx.heap_bound = u32::MAX;
    ctx.aux_heap_bound = u32::MAX;
    reference.push_bootloader_context(1023, ctx);
    reference.local_state.timestamp = 1024;
    reference.local_state.memory_page_counter = 2048;
    reference.local_state.monotonic_cycle_counter = 1024;
    let fat = EFat { offset: 0, memory_page: BOOTLOADER_CALLDATA_PAGE, start: 0, length: 0 };
    reference.local_state.registers[0] = PrimitiveValue { value: fat.to_u256(), is_pointer: true };
    let _ = Timestamp(0);

    // mine
    let mut vm = Vm::new(
        host,
        words_to_code(&entry),
        addr(0x8001),
        Address::ZERO,
        Vec::new(),
        u32::MAX,
        false,
        0,
        FarCallMode::Internal,
    );
    if let Some(h) = default_aa {
        vm.default_aa_code_hash = h;
    }
    if let Some(h) = evm_emulator {
        vm.evm_emulator_code_hash = h;
    }
    let mut diverged = None;
    for cycle in 0..cycle_limit {
        if reference.execution_has_ended() || vm.has_ended() {
            if reference.execution_has_ended() != vm.has_ended() {
                diverged = Some(format!("cycle {cycle}: one machine ended, the other did not"));
            }
            break;
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reference.cycle(&mut Quiet)));
        if !matches!(r, Ok(Ok(()))) {
            let why = match r {
                Ok(Err(e)) => format!("{e:#}"),
                _ => "assertion".to_string(),
            };
            diverged = Some(format!("cycle {cycle}: zk_evm itself failed: {why}"));
            break;
        }
        vm.cycle(host);
        *cycles += 1;
        let r = &reference.local_state;
        for i in 0..15 {
            let (a, b) = (&r.registers[i], &vm.registers[i]);
            if eu(&b.value) != a.value || a.is_pointer != b.is_pointer {
                diverged = Some(format!("cycle {cycle}: r{} = {:x}/{} (zk_evm) vs {:x}/{}", i + 1, a.value, a.is_pointer, b.value, b.is_pointer));
            }
        }
        let f = &r.flags;
        if (f.overflow_or_less_than_flag, f.equality_flag, f.greater_than_flag) != (vm.flags.lt_of, vm.flags.eq, vm.flags.gt) {
            diverged = Some(format!("cycle {cycle}: flags {:?} vs {:?}", f, vm.flags));
        }
        if reference.execution_has_ended() != vm.has_ended() {
            diverged = Some(format!("cycle {cycle}: end differs"));
        } else if !vm.has_ended() {
            let c = r.callstack.get_current_stack();
            let m = vm.frame();
            let a = (c.pc, c.sp, c.ergs_remaining, c.heap_bound, c.aux_heap_bound, r.callstack.depth());
            let b = (m.pc, m.sp, m.ergs, m.heap_bound, m.aux_heap_bound, vm.frames.len() - 1);
            if a != b {
                diverged = Some(format!("cycle {cycle}: (pc, sp, ergs, heap, aux, depth) {a:?} vs {b:?}"));
            }
        }
        if diverged.is_some() {
            break;
        }
    }
    if diverged.is_none() {
        for ((a, k), v) in &host.storage {
            let theirs = reference.storage.inner[0].get(&ea(a)).and_then(|m| m.get(&eu(k))).copied().unwrap_or_default();
            if theirs != eu(v) {
                diverged = Some(format!("storage {a:?}[{k}] = {theirs} vs {v}"));
            }
        }
    }
    diverged
}

#[test]
fn differential_against_zk_evm() {
    let Some(dir) = eravm_dir() else {
        eprintln!("SKIP: fixture folder ../shared/eravm (beside the clone) not found; EraVM fixture tests not run");
        return;
    };
    let (mut programs, mut agree, mut differ, mut cycles_total) = (0, 0, 0, 0u64);
    let mut report = Vec::new();
    let mut diverged_ids = Vec::new();
    for p in prepare_all(&dir) {
        let Ok(mut p) = p else { continue };
        if p.ignored {
            continue;
        }
        programs += 1;
        let d = compare(&p.entry, &mut p.host, p.default_aa, p.evm_emulator, p.cycle_limit, &mut cycles_total);
        match d {
            None => agree += 1,
            Some(d) => {
                differ += 1;
                report.push(format!("{}: {d}", p.id));
                diverged_ids.push(p.id.clone());
            }
        }
    }
    for r in &report {
        println!("DIVERGE {r}");
    }
    println!("differential vs zk_evm: {programs} programs run, {cycles_total} cycles compared: {agree} agree, {differ} diverge (all known)");
    let unexpected: Vec<_> = diverged_ids.iter().filter(|id| !KNOWN_DIVERGENCES.iter().any(|(k, _)| k == id)).collect();
    let fixed: Vec<_> = KNOWN_DIVERGENCES.iter().filter(|(k, _)| !diverged_ids.iter().any(|id| id == k)).collect();
    assert!(unexpected.is_empty(), "new divergences: {unexpected:?}");
    assert!(fixed.is_empty(), "known divergences that now agree (remove from KNOWN_DIVERGENCES): {fixed:?}");
    assert_eq!((programs, agree, differ), (EXPECTED_PROGRAMS, EXPECTED_PROGRAMS - KNOWN_DIVERGENCES.len(), KNOWN_DIVERGENCES.len()));
}

// ---------------------------------------------------------------------------------------------------------
// Generated programs: opcode families × addressing modes × conditions × flag setting, each run in both
// machines by `compare`.

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

fn program(pair: usize, flag_setter: &str, body: &str) -> String {
    let (a, b) = PAIRS[pair % PAIRS.len()];
    format!(
        "        .text\n        .file \"gen\"\n        .rodata.cst32\n        .p2align 5\nCONSTS:\n        .cell {a}\n        .cell {b}\n        .cell 0\n        .text\n        .globl __entry\n__entry:\n.main:\n        add @CONSTS[0], r0, r1\n        add @CONSTS[1], r0, r2\n        add r1, r0, stack+=[1]\n        add r2, r0, stack+=[1]\n        nop stack+=[2]\n        {flag_setter} r1, r2, r0\n{body}        context.sp r13\n        add stack[2], r0, r14\n        add stack-[1], r0, r15\n        ret.ok r0\n"
    )
}

/// (name, source) of every generated program.
fn generated() -> Vec<(String, String)> {
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

/// Generated programs that are not compared, with the reason (zk_evm or its assembler rejects them).
const GENERATED_EXCLUDED: &[(&str, &str)] = &[];

#[test]
fn generated_programs_against_zk_evm() {
    let (mut programs, mut agree, mut cycles) = (0usize, 0usize, 0u64);
    let (mut ended_ok, mut ended_otherwise) = (0usize, 0usize);
    let mut diverged = Vec::new();
    let mut excluded = Vec::new();
    for (name, src) in generated() {
        let entry = match assemble(&src) {
            Ok(e) => e,
            Err(e) => {
                excluded.push(format!("{name}: does not assemble: {e}"));
                continue;
            }
        };
        programs += 1;
        // how the program ends on its own (a sanity check that the generator exercises both outcomes)
        let mut host = TestHost::default();
        let mut vm = Vm::new(&mut host, words_to_code(&entry), addr(0x8001), Address::ZERO, Vec::new(), u32::MAX, false, 0, FarCallMode::Internal);
        match vm.run(&mut host, 200) {
            zkos_ee_eravm::vm::Stop::Finished(zkos_ee_eravm::opcodes::RetKind::Ok) => ended_ok += 1,
            _ => ended_otherwise += 1,
        }
        let mut host = TestHost::default();
        match compare(&entry, &mut host, None, None, 200, &mut cycles) {
            None => agree += 1,
            Some(d) if d.contains("zk_evm itself failed") => excluded.push(format!("{name}: {d}")),
            Some(d) => diverged.push(format!("{name}: {d}\n{src}")),
        }
    }
    for d in &diverged {
        println!("DIVERGE {d}");
    }
    for e in &excluded {
        println!("EXCLUDED {e}");
    }
    println!(
        "generated differential vs zk_evm: {programs} programs run, {cycles} cycles compared: {agree} agree, {} diverge, {} excluded",
        diverged.len(),
        excluded.len()
    );
    println!("  of which {ended_ok} end with ret.ok and {ended_otherwise} with a panic or revert");
    assert!(diverged.is_empty(), "{} generated programs diverge", diverged.len());
    assert_eq!(excluded.len(), GENERATED_EXCLUDED.len(), "excluded programs changed");
    assert!(programs >= 500, "the generator should produce hundreds of programs");
}
