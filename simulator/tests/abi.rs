//! The program ABI: start and stop, output registers, tape, host writes, markers, error exit,
//! traps, cycle counting and the tape file format.

mod common;
use common::*;
use zkos_simulator::tape::{from_hex, to_hex, TapeParseError};
use zkos_simulator::{Access, CycleCounts, Marker, SimError, TrapCause, ROM_SIZE};

#[test]
fn self_loop_stops_with_outputs_in_a0_to_a7() {
    let mut asm = Asm::new();
    for k in 0..8 {
        asm.op(addi(A0 + k, ZERO, 10 + k as i32));
    }
    asm.halt();
    let r = asm.run(&[]).unwrap();
    assert_eq!(r.output, [10, 11, 12, 13, 14, 15, 16, 17]);
    assert_eq!(r.final_pc, 32);
    // 8 instructions + the self-jump.
    assert_eq!(
        r.cycles,
        CycleCounts {
            raw: 9,
            blake2s: 0,
            bigint: 0
        }
    );
}

#[test]
fn self_loop_forms_beq_and_jalr() {
    let r = output_of(&[addi(A0, ZERO, 1), beq(ZERO, ZERO, 0)], &[]);
    assert_eq!(r[0], 1);
    let mut asm = Asm::new();
    asm.op(addi(A0, ZERO, 2))
        .op(auipc(T0, 0))
        .op(jalr(ZERO, T0, 4));
    let r = asm.run(&[]).unwrap();
    assert_eq!((r.output[0], r.final_pc, r.cycles.raw), (2, 8, 3));
    // A branch not taken with offset 0 just falls through.
    let r = output_of(&[bne(ZERO, ZERO, 0), addi(A0, ZERO, 3), halt()], &[]);
    assert_eq!(r[0], 3);
}

#[test]
fn tape_reads_in_order_and_host_writes_are_recorded() {
    let mut asm = Asm::new();
    asm.read(A0)
        .read(A1)
        .op(csrrw(ZERO, 0x7c0, A1)) // write a1 to the host
        .op(addi(T0, ZERO, 99))
        .op(csrrw(ZERO, 0x7c0, T0))
        .op(csrrw(ZERO, 0x7c0, ZERO)) // neither reads nor writes
        .read(A2)
        .halt();
    let r = asm.run(&[5, 6, 7, 8]).unwrap();
    assert_eq!(&r.output[..3], &[5, 6, 7]);
    assert_eq!(r.host_writes, vec![6, 99]);
    assert_eq!(r.tape_words_read, 3);
}

#[test]
fn reading_past_the_tape_fails() {
    let mut asm = Asm::new();
    asm.read(A0).read(A1).halt();
    assert_eq!(
        asm.run(&[1]),
        Err(SimError::TapeExhausted { pc: 4, len: 1 })
    );
    assert_eq!(asm.run(&[]), Err(SimError::TapeExhausted { pc: 0, len: 0 }));
}

#[test]
fn markers_record_counters_and_cost_nothing() {
    let mut asm = Asm::new();
    asm.op(csrrw(ZERO, 0x7ff, ZERO)) // anonymous marker at cycle 0
        .op(addi(A0, ZERO, 1))
        .op(addi(A1, ZERO, 2))
        .op(csrrw(ZERO, 0x7ff, A1)) // marker tagged 2 after 2 cycles
        .op(addi(A2, ZERO, 3))
        .halt();
    let r = asm.run(&[]).unwrap();
    assert_eq!(
        r.markers,
        vec![
            Marker {
                value: 0,
                raw_cycle: 0,
                blake2s: 0,
                bigint: 0
            },
            Marker {
                value: 2,
                raw_cycle: 2,
                blake2s: 0,
                bigint: 0
            },
        ]
    );
    assert_eq!(r.cycles.raw, 4);
    assert_eq!(r.markers[1].counts().since(&r.markers[0].counts()).raw, 2);
    // A marker writing a register is not a marker.
    let mut asm = Asm::new();
    asm.op(csrrw(A0, 0x7ff, ZERO)).halt();
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Trap {
            pc: 0,
            cause: TrapCause::InvalidCsrOperands {
                csr: 0x7ff,
                rd: 10,
                rs1: 0
            }
        })
    );
}

#[test]
fn writing_the_cycle_csr_is_the_error_exit() {
    let mut asm = Asm::new();
    asm.op(addi(A0, ZERO, 1)).op(UNIMP).halt();
    assert_eq!(asm.run(&[]), Err(SimError::ErrorExit { pc: 4 }));
    let mut asm = Asm::new();
    asm.op(csrrw(A0, 0xc00, A1)).halt();
    assert_eq!(asm.run(&[]), Err(SimError::ErrorExit { pc: 0 }));
}

#[test]
fn unsupported_instructions_trap() {
    let cases = [
        (ECALL, TrapCause::EnvironmentCall),
        (EBREAK, TrapCause::Breakpoint),
        (FENCE, TrapCause::IllegalInstruction { word: FENCE }),
        (0, TrapCause::IllegalInstruction { word: 0 }),
        (u32::MAX, TrapCause::IllegalInstruction { word: u32::MAX }),
        // csrrs a0, 0x7c0, x0 and csrrwi x0, 0x7c0, 1
        (
            0x7c00_2573,
            TrapCause::UnsupportedCsrInstruction { word: 0x7c00_2573 },
        ),
        (
            0x7c00_d073,
            TrapCause::UnsupportedCsrInstruction { word: 0x7c00_d073 },
        ),
        (
            csrrw(A0, 0x300, ZERO),
            TrapCause::UnsupportedCsr { csr: 0x300 },
        ), // mstatus
        (
            csrrw(ZERO, 0x7c7, A0),
            TrapCause::InvalidCsrOperands {
                csr: 0x7c7,
                rd: 0,
                rs1: 10,
            },
        ),
        (
            csrrw(A0, 0x7ca, ZERO),
            TrapCause::InvalidCsrOperands {
                csr: 0x7ca,
                rd: 10,
                rs1: 0,
            },
        ),
        // Shift-immediate with a bad funct7 (Zbb rori).
        (
            0x6020_d093,
            TrapCause::IllegalInstruction { word: 0x6020_d093 },
        ),
    ];
    for (word, cause) in cases {
        let mut asm = Asm::new();
        asm.op(addi(A0, ZERO, 1)).op(word).halt();
        assert_eq!(
            asm.run(&[]),
            Err(SimError::Trap { pc: 4, cause }),
            "word {word:#010x}"
        );
    }
}

#[test]
fn misaligned_jumps_trap_at_the_jump() {
    let mut asm = Asm::new();
    asm.op(jal(ZERO, 6)).halt();
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Trap {
            pc: 0,
            cause: TrapCause::InstructionAddressMisaligned { target: 6 }
        })
    );
    let mut asm = Asm::new();
    asm.op(addi(T0, ZERO, 7)).op(jalr(RA, T0, 0)).halt();
    let mut m = asm.machine();
    assert_eq!(
        m.run(&[], 100),
        Err(SimError::Trap {
            pc: 4,
            cause: TrapCause::InstructionAddressMisaligned { target: 6 }
        })
    );
    assert_eq!(
        m.registers()[RA as usize],
        0,
        "rd is not written by a trapping jump"
    );
    let mut asm = Asm::new();
    asm.op(beq(ZERO, ZERO, 2)).halt();
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Trap {
            pc: 0,
            cause: TrapCause::InstructionAddressMisaligned { target: 2 }
        })
    );
}

#[test]
fn running_off_the_image_or_into_ram() {
    // Past the image the ROM reads as zero: an illegal instruction.
    let r = Asm::new().op(addi(A0, ZERO, 1)).run(&[]);
    assert_eq!(
        r,
        Err(SimError::Trap {
            pc: 4,
            cause: TrapCause::IllegalInstruction { word: 0 }
        })
    );
    // Code cannot run from RAM.
    let mut asm = Asm::new();
    asm.li(T0, ROM_SIZE).op(jalr(ZERO, T0, 0));
    assert_eq!(
        asm.run(&[]),
        Err(SimError::Fault {
            pc: ROM_SIZE,
            addr: ROM_SIZE,
            access: Access::Fetch
        })
    );
}

#[test]
fn cycle_limit_stops_runaway_programs() {
    // An endless two-instruction loop.
    let mut asm = Asm::new();
    asm.op(addi(A0, A0, 1)).op(jal(ZERO, -4));
    let mut m = asm.machine();
    assert_eq!(
        m.run(&[], 1001),
        Err(SimError::CycleLimit { pc: 4, limit: 1001 })
    );
    assert_eq!(m.cycles().raw, 1001);
    assert_eq!(m.registers()[A0 as usize], 501);
    // A program that needs exactly N cycles runs with a limit of N.
    let mut asm = Asm::new();
    asm.op(addi(A0, ZERO, 1)).halt();
    let mut m = asm.machine();
    assert!(m.run(&[], 2).is_ok());
    assert_eq!(m.run(&[], 1), Err(SimError::CycleLimit { pc: 4, limit: 1 }));
}

#[test]
fn errors_display_and_carry_the_pc() {
    let e = SimError::Trap {
        pc: 0x40,
        cause: TrapCause::LoadAddressMisaligned { addr: 0x20_0001 },
    };
    assert_eq!(
        e.to_string(),
        "trap at pc 0x00000040: misaligned load at 0x00200001"
    );
    assert_eq!(e.pc(), Some(0x40));
    assert_eq!(SimError::ImageTooLarge { len: 1 }.pc(), None);
    assert!(SimError::ErrorExit { pc: 8 }
        .to_string()
        .contains("error exit"));
}

#[test]
fn image_must_fit_in_rom() {
    let image = vec![0u8; ROM_SIZE as usize + 1];
    assert_eq!(
        zkos_simulator::Machine::new(&image).err(),
        Some(SimError::ImageTooLarge {
            len: ROM_SIZE as usize + 1
        })
    );
    // An image whose length is not a multiple of 4 is zero-padded.
    let mut image = Asm::new().op(addi(A0, ZERO, 5)).op(halt()).image();
    image.push(0x13);
    let r = zkos_simulator::Machine::new(&image)
        .unwrap()
        .run(&[], 10)
        .unwrap();
    assert_eq!(r.output[0], 5);
}

#[test]
fn tape_hex_format_round_trips() {
    let words = [0, 1, 0xdead_beef, u32::MAX, 0x0000_00ff];
    let text = to_hex(&words);
    // One continuous string, as Airbender's `u32_from_hex_string` requires.
    assert_eq!(text, "0000000000000001DEADBEEFFFFFFFFF000000FF");
    assert_eq!(from_hex(&text).unwrap(), words);
    // Our reader is lenient: whitespace ignored, optional 0x, 8 digits per word, any case.
    assert_eq!(
        from_hex("0x00000001deadBEEF\n 0000 0002 ").unwrap(),
        vec![1, 0xdead_beef, 2]
    );
    assert_eq!(from_hex("").unwrap(), Vec::<u32>::new());
    assert_eq!(from_hex("123"), Err(TapeParseError::Length { digits: 3 }));
    assert_eq!(
        from_hex("0000000g"),
        Err(TapeParseError::InvalidDigit { ch: 'g', word: 0 })
    );
    let dir = std::env::temp_dir().join(format!("zkos-sim-tape-{}", std::process::id()));
    zkos_simulator::tape::write_file(&dir, &words).unwrap();
    assert_eq!(zkos_simulator::tape::read_file(&dir).unwrap(), words);
    std::fs::remove_file(&dir).unwrap();
}
