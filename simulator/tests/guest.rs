//! A real compiler-built guest (`guest/guest.rs`, rebuilt by `guest/build.sh`) on the simulator:
//! tape input, software arithmetic, Blake2s and U256 delegations, host writes, output, error exit.

use zkos_simulator::delegation::blake2s::blake2s_256;
use zkos_simulator::{Machine, SimError};

const GUEST: &[u8] = include_bytes!("fixtures/guest.bin");

fn expected(words: &[u32]) -> ([u32; 8], Vec<u32>) {
    let mut check = 0u32;
    for (i, &w) in words.iter().enumerate() {
        let i = i as u32;
        let high = ((w as i32 as i64 * i as i64) >> 32) as u32;
        check = check
            .wrapping_add(w / (i + 1))
            .wrapping_add((w % 7).wrapping_mul(high));
    }
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let digest = blake2s_256(&bytes);
    let d: [u32; 8] =
        core::array::from_fn(|i| u32::from_le_bytes(digest[4 * i..4 * i + 4].try_into().unwrap()));
    // 2 × digest as a 256-bit little-endian number: word 0 and the carry out.
    let doubled0 = d[0].wrapping_mul(2);
    let carry = d[7] >> 31;
    (d, vec![check, doubled0, carry])
}

fn tape_for(words: &[u32]) -> Vec<u32> {
    let mut tape = vec![words.len() as u32];
    tape.extend_from_slice(words);
    tape
}

#[test]
fn compiled_guest_hashes_its_tape() {
    let mut m = Machine::new(GUEST).unwrap();
    for len in [0usize, 1, 15, 16, 17, 100] {
        let words: Vec<u32> = (0..len as u32)
            .map(|i| i.wrapping_mul(0x9e37_79b9) ^ 0xdead_beef)
            .collect();
        let r = m
            .run(&tape_for(&words), 10_000_000)
            .unwrap_or_else(|e| panic!("len {len}: {e}"));
        let (digest, host) = expected(&words);
        assert_eq!(r.output, digest, "len {len}");
        assert_eq!(r.host_writes, host, "len {len}");
        assert_eq!(r.tape_words_read, len + 1);
        assert_eq!(r.cycles.blake2s, 10 * len.div_ceil(16).max(1) as u64);
        assert_eq!(r.cycles.bigint, 1);
    }
}

#[test]
fn compiled_guest_panics_into_the_error_exit() {
    // More than 1024 words: the guest's slice index panics.
    let mut m = Machine::new(GUEST).unwrap();
    let err = m.run(&[2000], 10_000_000).unwrap_err();
    assert!(matches!(err, SimError::ErrorExit { .. }), "{err}");
    // A short tape is a typed failure too.
    assert!(matches!(
        m.run(&[3, 1], 10_000_000),
        Err(SimError::TapeExhausted { len: 2, .. })
    ));
}
