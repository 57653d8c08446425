//! Differential test against the reference `zk_evm` 0.153.12, stepped cycle by cycle: after each cycle the
//! registers (value and pointer tag), flags, pc, sp, ergs, heap bounds, call depth and pubdata counter must
//! agree, and at the end every storage and transient storage slot either machine holds.
//!
//! Programs: every runnable `../shared/eravm/asm` test (70, EVM-emulator ones included, set up as the
//! upstream harness does; the directive markers drive the storage refunds of both machines' storage), and
//! the generated programs of `common/generated.rs` (its header details them). Families the generated set
//! covers: binary ops (all conditions, flag setting, swap, addressing modes), heap/aux heap loads and stores,
//! fat pointer ops and reads, context ops, jumps, near calls and returns, log ops (storage, transient
//! storage, events, L1 messages, decommits, precompile calls, the pubdata counter), far calls of every kind
//! (forwarding modes, flags, kernel and user callees, no-code addresses) and EVM-emulator dispatch. Not
//! covered: static memory (zk_evm's reference memory rejects static reads). Both tests print their
//! program and cycle counts and require 0 divergences.

mod common;

use common::generated::generated;
use common::*;
use primitives::{Address, U256};
use std::cell::Cell;
use std::rc::Rc;

use common::directives::{Command, DirectiveTracer, Markers};
use zk_evm::abstractions::{Storage, StorageAccessRefund};
use zk_evm::aux_structures::{LogQuery, MemoryPage, PubdataCost, Timestamp};
use zk_evm::block_properties::BlockProperties;
use zk_evm::ethereum_types::{Address as EAddress, U256 as EU256};
use zk_evm::reference_impls::memory::SimpleMemory;
use zk_evm::testing::create_default_testing_tools;
use zk_evm::testing::storage::InMemoryStorage;
use zk_evm::zkevm_opcode_defs::{AddOpcode, Opcode, PtrOpcode};
use zk_evm::tracing::*;
use zk_evm::vm_state::{CallStackEntry, PrimitiveValue, Version, VmState};
use zk_evm::zkevm_opcode_defs::{FatPointer as EFat, BOOTLOADER_BASE_PAGE, BOOTLOADER_CALLDATA_PAGE};
use zkos_ee_eravm::vm::{FarCallMode, Vm};

/// The runnable fixture programs (71 minus the one upstream ignores).
const EXPECTED_PROGRAMS: usize = 70;

/// zk_evm's reference storage, but the access refund is the one the directive markers set (upstream's
/// refund-controlled test storage); `refund` is shared with [`RefTracer`].
#[derive(Debug)]
struct RefundStorage {
    inner: InMemoryStorage,
    refund: Rc<Cell<u32>>,
}

impl Storage for RefundStorage {
    fn get_access_refund(&mut self, _: u32, _: &LogQuery) -> StorageAccessRefund {
        match self.refund.get() {
            0 => StorageAccessRefund::Cold,
            ergs => StorageAccessRefund::Warm { ergs },
        }
    }
    fn execute_partial_query(&mut self, cycle: u32, query: LogQuery) -> (LogQuery, PubdataCost) {
        self.inner.execute_partial_query(cycle, query)
    }
    fn start_frame(&mut self, t: Timestamp) {
        self.inner.start_frame(t)
    }
    fn finish_frame(&mut self, t: Timestamp, panicked: bool) {
        self.inner.finish_frame(t, panicked)
    }
    fn start_new_tx(&mut self, t: Timestamp) {
        self.inner.start_new_tx(t)
    }
}

/// The directive tracer on zk_evm's side: marker instructions as zk_evm decodes and executes them.
#[derive(Debug)]
struct RefTracer {
    refund: Rc<Cell<u32>>,
    markers: std::cell::RefCell<Markers>,
}

impl std::fmt::Debug for Markers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Markers")
    }
}

impl Tracer for RefTracer {
    type SupportedMemory = SimpleMemory;
    const CALL_BEFORE_EXECUTION: bool = true;
    fn before_decoding(&mut self, _: VmLocalStateData<'_>, _: &SimpleMemory) {}
    fn after_decoding(&mut self, _: VmLocalStateData<'_>, _: AfterDecodingData, _: &SimpleMemory) {}
    fn before_execution(&mut self, _: VmLocalStateData<'_>, data: BeforeExecutionData, _: &SimpleMemory) {
        let op = data.opcode.variant.opcode;
        let marker = matches!(op, Opcode::Add(AddOpcode::Add) | Opcode::Ptr(PtrOpcode::Add))
            && data.opcode.src1_reg_idx == 0
            && data.opcode.dst0_reg_idx == 0;
        let mut markers = self.markers.borrow_mut();
        if !marker {
            markers.on_other();
            return;
        }
        let mut bytes = [0u8; 32];
        data.src0_value.value.to_big_endian(&mut bytes);
        if let Some(Command::Refund(r)) = markers.on_marker(&U256::from_be_bytes(bytes)) {
            self.refund.set(r);
        }
    }
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
    let refund = Rc::new(Cell::new(0u32));
    let storage = RefundStorage { inner: tools.storage, refund: refund.clone() };
    let mut tracer = RefTracer { refund, markers: Default::default() };
    let mut directives = DirectiveTracer::default();
    let mut reference = VmState::empty_state(
        storage,
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
        words_to_code(entry),
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
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reference.cycle(&mut tracer)));
        if !matches!(r, Ok(Ok(()))) {
            let why = match r {
                Ok(Err(e)) => format!("{e:#}"),
                _ => "assertion".to_string(),
            };
            diverged = Some(format!("cycle {cycle}: zk_evm itself failed: {why}"));
            break;
        }
        directives.before_cycle(&vm, host);
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
        if r.pubdata_revert_counter.0 != vm.pubdata_revert_counter {
            diverged = Some(format!("cycle {cycle}: pubdata counter {} vs {}", r.pubdata_revert_counter.0, vm.pubdata_revert_counter));
        }
        if diverged.is_some() {
            break;
        }
    }
    if diverged.is_none() {
        // storage and transient storage, every slot either machine holds
        for (transient, ours) in [(false, &host.storage), (true, &host.transient)] {
            let theirs = if transient { &reference.storage.inner.inner_transient[0] } else { &reference.storage.inner.inner[0] };
            for ((a, k), v) in ours {
                let t = theirs.get(&ea(a)).and_then(|m| m.get(&eu(k))).copied().unwrap_or_default();
                if t != eu(v) {
                    diverged = Some(format!("storage (transient {transient}) {a:?}[{k}] = {t} vs {v}"));
                }
            }
            for (a, slots) in theirs {
                for (k, t) in slots {
                    let mut key = [0u8; 32];
                    k.to_big_endian(&mut key);
                    let mine = ours.get(&(Address(a.0), U256::from_be_bytes(key))).copied().unwrap_or_default();
                    if *t != eu(&mine) {
                        diverged = Some(format!("storage (transient {transient}) {a:?}[{k}] = {t} vs {mine}"));
                    }
                }
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
    let (mut programs, mut agree, mut cycles_total) = (0usize, 0usize, 0u64);
    let mut diverged = Vec::new();
    for p in prepare_all(&dir) {
        let Ok(mut p) = p else { continue };
        if p.ignored {
            continue;
        }
        programs += 1;
        match compare(&p.entry, &mut p.host, p.default_aa, p.evm_emulator, p.cycle_limit, &mut cycles_total) {
            None => agree += 1,
            Some(d) => diverged.push(format!("{}: {d}", p.id)),
        }
    }
    for d in &diverged {
        println!("DIVERGE {d}");
    }
    println!(
        "differential vs zk_evm: {programs} fixture programs run, {cycles_total} cycles compared: {agree} agree, {} diverge",
        diverged.len()
    );
    assert_eq!(programs, EXPECTED_PROGRAMS, "fixture programs run");
    assert_eq!(diverged.len(), 0, "fixture programs diverge");
}

/// Generated programs that are not compared, with the reason (zk_evm or its assembler rejects them).
const GENERATED_EXCLUDED: &[(&str, &str)] = &[];

#[test]
fn generated_programs_against_zk_evm() {
    let (mut programs, mut agree, mut cycles) = (0usize, 0usize, 0u64);
    let (mut ended_ok, mut ended_otherwise) = (0usize, 0usize);
    let mut diverged = Vec::new();
    let mut excluded = Vec::new();
    for g in generated() {
        let assembled = assemble(&g.src).and_then(|entry| {
            let callees = g.callees.iter().map(|(a, src)| Ok((*a, assemble(src)?))).collect::<Result<Vec<_>, String>>()?;
            Ok((entry, callees))
        });
        let (entry, callees) = match assembled {
            Ok(x) => x,
            Err(e) => {
                excluded.push(format!("{}: does not assemble: {e}", g.name));
                continue;
            }
        };
        let emulator = match &g.evm {
            Some((src, _)) => match assemble(src) {
                Ok(words) => Some(words),
                Err(e) => {
                    excluded.push(format!("{}: emulator does not assemble: {e}", g.name));
                    continue;
                }
            },
            None => None,
        };
        let host = || {
            let mut host = TestHost::default();
            for (a, words) in &callees {
                host.deploy(addr(*a), words);
            }
            let emulator_hash = emulator.as_ref().map(|words| host.register(words));
            for (a, in_construction) in g.evm.iter().flat_map(|(_, stubs)| stubs) {
                host.deploy_evm_stub(addr(*a), *in_construction);
            }
            (host, emulator_hash)
        };
        programs += 1;
        // how the program ends on its own (a sanity check that the generator exercises both outcomes)
        let (mut h, emulator_hash) = host();
        let mut vm = Vm::new(&mut h, words_to_code(&entry), addr(0x8001), Address::ZERO, Vec::new(), u32::MAX, false, 0, FarCallMode::Internal);
        if let Some(hash) = emulator_hash {
            vm.evm_emulator_code_hash = hash;
        }
        match vm.run(&mut h, 200) {
            zkos_ee_eravm::vm::Stop::Finished(zkos_ee_eravm::opcodes::RetKind::Ok) => ended_ok += 1,
            _ => ended_otherwise += 1,
        }
        let (mut h, emulator_hash) = host();
        match compare(&entry, &mut h, None, emulator_hash, 200, &mut cycles) {
            None => agree += 1,
            Some(d) if d.contains("zk_evm itself failed") => excluded.push(format!("{}: {d}", g.name)),
            Some(d) => diverged.push(format!("{}: {d}\n{}", g.name, g.src)),
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
    assert_eq!(diverged.len(), 0, "generated programs diverge");
    assert_eq!(excluded.len(), GENERATED_EXCLUDED.len(), "excluded programs changed");
    assert!(programs >= 1000, "the generator should produce a thousand programs or more");
}
