//! Blake2s and U256 delegations driven by guest programs: results, flags, counts, faults.

mod common;
use common::*;
use zkos_simulator::delegation::blake2s::{CONFIGURED_IV, IV};
use zkos_simulator::delegation::u256::{
    CARRY, OP_ADD, OP_EQ, OP_MEMCOPY, OP_MUL_HIGH, OP_MUL_LOW, OP_SUB, OP_SUB_AND_NEGATE,
};
use zkos_simulator::{CycleCounts, DelegationError, Machine, SimError, MEMORY_SIZE};

const STATE: u32 = RAM + 0x1000;
const INPUT: u32 = RAM + 0x2000;

/// Guest program: Blake2s of a single block `block` holding `len` bytes, via ten delegation
/// calls; outputs the digest words.
fn blake2s_program(block: [u32; 16], len: u32) -> Asm {
    let mut asm = Asm::new();
    asm.store_words(STATE, &CONFIGURED_IV)
        .store_words(STATE + 4 * 20, &[IV[4] ^ len])
        .store_words(STATE + 4 * 22, &[IV[6] ^ u32::MAX])
        .store_words(INPUT, &block)
        .li(A0, STATE)
        .li(A1, INPUT);
    for r in 0..10 {
        asm.op(addi(A2, ZERO, 1 << r))
            .op(addi(A3, ZERO, (r == 9) as i32))
            .op(csrrw(ZERO, 0x7c7, ZERO));
    }
    asm.output_words_at(STATE);
    asm
}

fn digest_words(hex: &str) -> [u32; 8] {
    let bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    core::array::from_fn(|i| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()))
}

#[test]
fn blake2s_abc_through_the_delegation() {
    let mut block = [0u32; 16];
    block[0] = u32::from_le_bytes([b'a', b'b', b'c', 0]);
    let r = blake2s_program(block, 3).run(&[]).unwrap();
    assert_eq!(
        r.output,
        digest_words("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982")
    );
    assert_eq!(r.cycles.blake2s, 10);
    assert_eq!(r.cycles.bigint, 0);
    assert_eq!(r.cycles.effective(), r.cycles.raw + 160);
}

#[test]
fn blake2s_empty_input() {
    let r = blake2s_program([0; 16], 0).run(&[]).unwrap();
    assert_eq!(
        r.output,
        digest_words("69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9")
    );
}

/// Program: set x10..x13 and call Blake2s once.
fn blake_call(x10: u32, x11: u32, x12: u32, x13: u32) -> Result<(), SimError> {
    let mut asm = Asm::new();
    asm.li(A0, x10)
        .li(A1, x11)
        .li(A2, x12)
        .li(A3, x13)
        .op(csrrw(ZERO, 0x7c7, ZERO))
        .halt();
    asm.run(&[]).map(|_| ())
}

#[test]
fn blake2s_rejects_bad_requests() {
    let err = |error| {
        Err(SimError::Delegation {
            pc: 32,
            csr: 0x7c7,
            error,
        })
    };
    assert_eq!(blake_call(STATE, INPUT, 1, 0), Ok(()));
    assert_eq!(
        blake_call(0x1000, INPUT, 1, 0),
        err(DelegationError::PointerInRom {
            reg: 10,
            value: 0x1000
        })
    );
    assert_eq!(
        blake_call(STATE, 0x40, 1, 0),
        err(DelegationError::PointerInRom {
            reg: 11,
            value: 0x40
        })
    );
    assert_eq!(
        blake_call(STATE + 64, INPUT, 1, 0),
        err(DelegationError::MisalignedPointer {
            reg: 10,
            value: STATE + 64,
            align: 128
        })
    );
    assert_eq!(
        blake_call(STATE, INPUT + 32, 1, 0),
        err(DelegationError::MisalignedPointer {
            reg: 11,
            value: INPUT + 32,
            align: 64
        })
    );
    assert_eq!(
        blake_call(STATE, STATE + 64, 1, 0),
        err(DelegationError::OverlappingPointers {
            x10: STATE,
            x11: STATE + 64
        })
    );
    assert_eq!(blake_call(STATE, STATE + 128, 1, 0), Ok(()));
    assert_eq!(
        blake_call(MEMORY_SIZE, INPUT, 1, 0),
        err(DelegationError::PointerOutOfMemory {
            reg: 10,
            value: MEMORY_SIZE
        })
    );
    assert_eq!(
        blake_call(STATE, INPUT, 3, 0),
        err(DelegationError::InvalidRoundMask(3))
    );
    assert_eq!(
        blake_call(STATE, INPUT, 1 << 10, 0),
        err(DelegationError::InvalidRoundMask(1 << 10))
    );
    assert_eq!(
        blake_call(STATE, INPUT, 1, 8),
        err(DelegationError::InvalidControl(8))
    );
}

const A: u32 = RAM + 0x3000;
const B: u32 = RAM + 0x3020;

/// Runs one U256 op on `a`, `b`; returns the new `a` and the flag left in x12.
fn u256(a: [u32; 8], b: [u32; 8], mask: u32) -> ([u32; 8], u32, CycleCounts) {
    let mut asm = Asm::new();
    asm.store_words(A, &a)
        .store_words(B, &b)
        .li(A0, A)
        .li(A1, B)
        .li(A2, mask)
        .op(csrrw(ZERO, 0x7ca, ZERO))
        .op(addi(S0, A2, 0))
        .output_words_at(A);
    let mut m = asm.machine();
    let r = m.run(&[], 10_000).unwrap_or_else(|e| panic!("{e}"));
    (r.output, m.registers()[S0 as usize], r.cycles)
}

const MAX: [u32; 8] = [u32::MAX; 8];
const ONE: [u32; 8] = [1, 0, 0, 0, 0, 0, 0, 0];
const ZERO8: [u32; 8] = [0; 8];

#[test]
fn u256_add_and_sub() {
    let (a, flag, cycles) = u256(MAX, ONE, OP_ADD);
    assert_eq!((a, flag), (ZERO8, 1));
    assert_eq!((cycles.bigint, cycles.effective()), (1, cycles.raw + 4));
    // 2^128 - 1 = 2^128 - 1 with no borrow.
    let two_128 = [0, 0, 0, 0, 1, 0, 0, 0];
    let (a, flag, _) = u256(two_128, ONE, OP_SUB);
    assert_eq!(
        (a, flag),
        ([u32::MAX, u32::MAX, u32::MAX, u32::MAX, 0, 0, 0, 0], 0)
    );
    // Carry-in: 0x..01 + 0x..02 + 1 = 4.
    let (a, flag, _) = u256(ONE, [2, 0, 0, 0, 0, 0, 0, 0], OP_ADD | CARRY);
    assert_eq!((a, flag), ([4, 0, 0, 0, 0, 0, 0, 0], 0));
    // Borrow chain: 0 - 0 - 1 = 2^256 - 1, borrow out.
    let (a, flag, _) = u256(ZERO8, ZERO8, OP_SUB | CARRY);
    assert_eq!((a, flag), (MAX, 1));
    // b - a: 1 - 2^128 wraps.
    let (a, flag, _) = u256(two_128, ONE, OP_SUB_AND_NEGATE);
    assert_eq!(
        (a, flag),
        ([1, 0, 0, 0, u32::MAX, u32::MAX, u32::MAX, u32::MAX], 1)
    );
}

#[test]
fn u256_multiplication() {
    // (2^64 - 1)^2 = 2^128 - 2^65 + 1.
    let m64 = [u32::MAX, u32::MAX, 0, 0, 0, 0, 0, 0];
    let (a, flag, _) = u256(m64, m64, OP_MUL_LOW);
    assert_eq!((a, flag), ([1, 0, u32::MAX - 1, u32::MAX, 0, 0, 0, 0], 0));
    // 2^255 × 4 = 2^257: low half 0 with overflow, high half 2.
    let top = [0, 0, 0, 0, 0, 0, 0, 0x8000_0000];
    let four = [4, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(u256(top, four, OP_MUL_LOW).0, ZERO8);
    assert_eq!(u256(top, four, OP_MUL_LOW).1, 1);
    assert_eq!(u256(top, four, OP_MUL_HIGH).0, [2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(u256(top, four, OP_MUL_HIGH).1, 0);
    // A 256 × 256 product cross-checked against known decimal arithmetic:
    // (2^256 - 1) × 3 = 3·2^256 - 3: high 2, low 2^256 - 3.
    let three = [3, 0, 0, 0, 0, 0, 0, 0];
    let mut low = MAX;
    low[0] = u32::MAX - 2;
    assert_eq!(u256(MAX, three, OP_MUL_LOW).0, low);
    assert_eq!(u256(MAX, three, OP_MUL_HIGH).0, [2, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn u256_eq_and_memcopy() {
    assert_eq!(u256(ONE, ONE, OP_EQ), (ONE, 1, u256(ONE, ONE, OP_EQ).2));
    assert_eq!(u256(ONE, MAX, OP_EQ).0, ONE);
    assert_eq!(u256(ONE, MAX, OP_EQ).1, 0);
    assert_eq!(u256(ONE, MAX, OP_MEMCOPY).0, MAX);
    assert_eq!(u256(ONE, MAX, OP_MEMCOPY | CARRY).0, ZERO8);
    assert_eq!(u256(ONE, MAX, OP_MEMCOPY | CARRY).1, 1);
}

fn u256_call(x10: u32, x11: u32, x12: u32) -> Result<(), SimError> {
    let mut asm = Asm::new();
    asm.li(A0, x10)
        .li(A1, x11)
        .li(A2, x12)
        .op(csrrw(ZERO, 0x7ca, ZERO))
        .halt();
    asm.run(&[]).map(|_| ())
}

#[test]
fn u256_rejects_bad_requests() {
    let err = |error| {
        Err(SimError::Delegation {
            pc: 24,
            csr: 0x7ca,
            error,
        })
    };
    assert_eq!(u256_call(A, B, OP_ADD), Ok(()));
    assert_eq!(
        u256_call(0, B, OP_ADD),
        err(DelegationError::PointerInRom { reg: 10, value: 0 })
    );
    assert_eq!(
        u256_call(A + 16, B, OP_ADD),
        err(DelegationError::MisalignedPointer {
            reg: 10,
            value: A + 16,
            align: 32
        })
    );
    assert_eq!(
        u256_call(A, B + 4, OP_ADD),
        err(DelegationError::MisalignedPointer {
            reg: 11,
            value: B + 4,
            align: 32
        })
    );
    assert_eq!(
        u256_call(A, A, OP_ADD),
        err(DelegationError::OverlappingPointers { x10: A, x11: A })
    );
    for mask in [0, CARRY, OP_ADD | OP_SUB, 1 << 8] {
        assert_eq!(
            u256_call(A, B, mask),
            err(DelegationError::InvalidOpMask(mask))
        );
    }
}

#[test]
fn markers_count_delegations_before_them() {
    let mut asm = Asm::new();
    asm.store_words(A, &ONE)
        .store_words(B, &ONE)
        .li(A0, A)
        .li(A1, B);
    asm.li(A2, OP_ADD).op(csrrw(ZERO, 0x7ca, ZERO));
    asm.li(A2, OP_ADD).op(csrrw(ZERO, 0x7ca, ZERO));
    asm.op(csrrw(ZERO, 0x7ff, ZERO))
        .li(A0, STATE)
        .li(A1, INPUT)
        .li(A2, 1)
        .li(A3, 0);
    asm.op(csrrw(ZERO, 0x7c7, ZERO))
        .op(csrrw(ZERO, 0x7ff, ZERO))
        .halt();
    let mut m: Machine = asm.machine();
    let r = m.run(&[], 10_000).unwrap();
    assert_eq!(r.markers.len(), 2);
    assert_eq!((r.markers[0].bigint, r.markers[0].blake2s), (2, 0));
    assert_eq!((r.markers[1].bigint, r.markers[1].blake2s), (2, 1));
    let phase = r.markers[1].counts().since(&r.markers[0].counts());
    assert_eq!(
        phase,
        CycleCounts {
            raw: 9,
            blake2s: 1,
            bigint: 0
        }
    );
    assert_eq!(phase.effective(), 9 + 16);
    assert_eq!(r.cycles.effective(), r.cycles.raw + 16 + 8);
}
