//! Loads, stores, sign extension, alignment traps and the memory map (ROM, RAM, end of memory).

mod common;
use common::*;
use zkos_simulator::{Access, SimError, TrapCause, MEMORY_SIZE, ROM_SIZE};

#[test]
fn loads_sign_and_zero_extend() {
    let mut asm = Asm::new();
    asm.li(T0, RAM + 0x100)
        .li(T1, 0x8180_ff7f)
        .op(sw(T1, T0, 0))
        .op(lb(A0, T0, 0)) // 0x7f
        .op(lb(A1, T0, 1)) // 0xff -> -1
        .op(lbu(A2, T0, 1)) // 0xff
        .op(lh(A3, T0, 2)) // 0x8180 -> sign extended
        .op(lhu(A4, T0, 2))
        .op(lw(A5, T0, 0))
        .op(lb(A6, T0, 3)) // 0x81 -> sign extended
        .op(lh(A7, T0, 0)) // 0xff7f -> sign extended
        .halt();
    let out = asm.run(&[]).unwrap().output;
    assert_eq!(
        out,
        [
            0x7f,
            u32::MAX,
            0xff,
            0xffff_8180,
            0x8180,
            0x8180_ff7f,
            0xffff_ff81,
            0xffff_ff7f
        ]
    );
}

#[test]
fn partial_stores_merge_into_words() {
    let mut asm = Asm::new();
    asm.li(T0, RAM + 0x200)
        .li(T1, 0x1122_3344)
        .op(sw(T1, T0, 0))
        .op(addi(T2, ZERO, 0xab))
        .op(sb(T2, T0, 1))
        .op(lw(A0, T0, 0))
        .li(T2, 0xdead_beef)
        .op(sh(T2, T0, 2))
        .op(lw(A1, T0, 0))
        .op(sb(T2, T0, 7)) // top byte of the next word: only 0xef
        .op(lw(A2, T0, 4))
        .op(sh(T2, T0, 4))
        .op(lw(A3, T0, 4))
        .halt();
    let out = asm.run(&[]).unwrap().output;
    assert_eq!(
        &out[..4],
        &[0x1122_ab44, 0xbeef_ab44, 0xef00_0000, 0xef00_beef]
    );
}

#[test]
fn negative_offsets_and_ram_is_zeroed() {
    let mut asm = Asm::new();
    asm.li(T0, RAM + 0x1000)
        .op(lw(A1, T0, -4))
        .op(addi(T1, ZERO, 9))
        .op(sw(T1, T0, -2048))
        .op(lw(A0, T0, -2048))
        .li(T2, MEMORY_SIZE - 4)
        .op(lw(A2, T2, 0)) // last word of memory, never written
        .halt();
    let out = asm.run(&[]).unwrap().output;
    assert_eq!(&out[..3], &[9, 0, 0]);
}

#[test]
fn rom_is_readable_data() {
    // The image's own words (and zeros past it) read back through loads.
    let mut asm = Asm::new();
    asm.op(lw(A0, ZERO, 0))
        .op(lhu(A1, ZERO, 2))
        .op(lw(A2, ZERO, 2044))
        .halt();
    let first = asm.words[0];
    let out = asm.run(&[]).unwrap().output;
    assert_eq!(&out[..3], &[first, first >> 16, 0]);
}

#[test]
fn misaligned_accesses_trap() {
    type Mem = fn(u32, u32, i32) -> u32;
    let loads: &[(Mem, i32)] = &[(lw, 1), (lw, 2), (lw, 3), (lh, 1), (lhu, 3)];
    for &(op, off) in loads {
        let mut asm = Asm::new();
        asm.li(T0, RAM).op(op(A0, T0, off)).halt();
        assert_eq!(
            asm.run(&[]),
            Err(SimError::Trap {
                pc: 8,
                cause: TrapCause::LoadAddressMisaligned {
                    addr: RAM + off as u32
                }
            })
        );
    }
    let stores: &[(Mem, i32)] = &[(sw, 1), (sw, 2), (sh, 1), (sh, 3)];
    for &(op, off) in stores {
        let mut asm = Asm::new();
        asm.li(T0, RAM).op(op(A0, T0, off)).halt();
        assert_eq!(
            asm.run(&[]),
            Err(SimError::Trap {
                pc: 8,
                cause: TrapCause::StoreAddressMisaligned {
                    addr: RAM + off as u32
                }
            })
        );
    }
    // Bytes are never misaligned.
    let mut asm = Asm::new();
    asm.li(T0, RAM).op(sb(T0, T0, 3)).op(lb(A0, T0, 3)).halt();
    assert!(asm.run(&[]).is_ok());
}

#[test]
fn rom_writes_fault() {
    for (op, addr) in [
        (sw as fn(u32, u32, i32) -> u32, 0x100u32),
        (sh, 0x102),
        (sb, 0x103),
        (sw, ROM_SIZE - 4),
    ] {
        let mut asm = Asm::new();
        asm.li(T0, addr).op(op(A0, T0, 0)).halt();
        assert_eq!(
            asm.run(&[]),
            Err(SimError::Fault {
                pc: 8,
                addr,
                access: Access::Store
            })
        );
    }
    // The first RAM byte is writable.
    let mut asm = Asm::new();
    asm.li(T0, ROM_SIZE).op(sb(T0, T0, 0)).halt();
    assert!(asm.run(&[]).is_ok());
}

#[test]
fn accesses_past_one_gib_fault() {
    let mut asm = Asm::new();
    asm.li(T0, MEMORY_SIZE).op(lw(A0, T0, 0)).halt();
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Fault {
            pc: 8,
            addr: MEMORY_SIZE,
            access: Access::Load
        })
    );
    let mut asm = Asm::new();
    asm.li(T0, u32::MAX).op(sb(A0, T0, 0)).halt();
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Fault {
            pc: 8,
            addr: u32::MAX,
            access: Access::Store
        })
    );
    let mut asm = Asm::new();
    asm.li(T0, MEMORY_SIZE - 1).op(lbu(A0, T0, 0)).halt();
    assert!(asm.run(&[]).is_ok());
}

#[test]
fn every_run_starts_from_zeroed_ram() {
    // a0 = old value at RAM; then store 77 there. A second run must see 0 again.
    let mut asm = Asm::new();
    asm.li(T0, RAM)
        .op(lw(A0, T0, 0))
        .op(addi(T1, ZERO, 77))
        .op(sw(T1, T0, 0))
        .halt();
    let mut m = asm.machine();
    assert_eq!(m.run(&[], 100).unwrap().output[0], 0);
    assert_eq!(m.read_word(RAM), Some(77));
    assert_eq!(m.run(&[], 100).unwrap().output[0], 0);
}
