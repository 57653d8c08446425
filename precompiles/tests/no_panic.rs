//! Precompiles must never panic: random and structured-random inputs for every address, any gas limit.

use primitives::{Address, Fork};
use proptest::prelude::*;
use zkos_precompiles::{addresses, run, PrecompileError};

/// Input lengths each precompile treats specially, so random data of those lengths reaches deep code.
const INTERESTING_LENGTHS: &[usize] = &[
    0, 1, 31, 32, 64, 96, 128, 160, 191, 192, 213, 256, 288, 384, 512, 576, 768,
];

fn check(address: &Address, input: &[u8], gas: u64) {
    let result = run(address, input, gas, Fork::Prague).expect("precompile address");
    match result {
        Ok(out) => assert!(out.gas_used <= gas, "used more gas than given"),
        Err(PrecompileError::OutOfGas) | Err(PrecompileError::InvalidInput(_)) => {}
    }
}

fn gas_limit() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..400_000, Just(u64::MAX), any::<u64>()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(n in 1u64..=0x11, input in proptest::collection::vec(any::<u8>(), 0..800), gas in 0u64..2_000_000) {
        check(&Address::from_low_u64(n), &input, gas);
    }

    #[test]
    fn interesting_lengths(n in 1u64..=0x11, len_idx in 0..INTERESTING_LENGTHS.len(), seed in any::<u64>(), gas in gas_limit()) {
        let len = INTERESTING_LENGTHS[len_idx];
        let mut state = seed | 1;
        let input: Vec<u8> = (0..len)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Mostly zero bytes with a few random ones: keeps field elements in range and lengths
                // plausible more often than uniform bytes.
                if i % 64 < 16 || state % 3 == 0 { 0 } else { state as u8 }
            })
            .collect();
        // blake2f with u64::MAX gas would run billions of rounds: keep its limit moderate.
        let gas = if n == 9 { gas.min(2_000_000) } else { gas };
        check(&Address::from_low_u64(n), &input, gas);
    }

    #[test]
    fn modexp_headers(base_len in 0u64..300, exp_len in prop_oneof![0u64..100, any::<u64>()], mod_len in 0u64..300,
                      huge in any::<bool>(), body in proptest::collection::vec(any::<u8>(), 0..700), gas in gas_limit()) {
        let mut input = Vec::new();
        let mut word = |v: u64| {
            let mut w = [0u8; 32];
            w[24..].copy_from_slice(&v.to_be_bytes());
            if huge && v % 2 == 1 { w[0] = 0xff; }
            input.extend_from_slice(&w);
        };
        word(base_len);
        word(exp_len);
        word(mod_len);
        input.extend_from_slice(&body);
        check(&Address::from_low_u64(5), &input, gas.min(50_000_000));
    }
}

#[test]
fn all_addresses_handle_empty_and_zero_gas() {
    for address in addresses(Fork::Prague) {
        check(&address, &[], 0);
        check(&address, &[], u64::MAX);
        check(&address, &[0xff; 1024], 100_000);
    }
}

/// The BLS12-381 G1 generator in EIP-2537 encoding (valid point, so MSM inputs get past decoding).
const BLS_G1: &str = "0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1";

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn bls_msm_random_scalars(scalars in proptest::collection::vec(any::<[u8; 32]>(), 1..6), flip in any::<Option<(usize, u8)>>()) {
        let point = primitives::decode_hex(BLS_G1).expect("hex");
        let mut input = Vec::new();
        for s in &scalars {
            input.extend_from_slice(&point);
            input.extend_from_slice(s);
        }
        if let Some((at, bit)) = flip {
            let at = at % input.len();
            input[at] ^= 1 << (bit % 8);
        }
        check(&Address::from_low_u64(0x0c), &input, 1_000_000);
    }
}
