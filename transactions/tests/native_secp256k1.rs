//! libsecp256k1 (forward mode on x86) against zkos-secp256k1 (the prover's implementation): both must
//! recover the same key from every signature and fail on the same inputs, or a block the sequencer ran
//! could not be proven.

use primitives::{keccak256, B256, U256};
use zkos_transactions::signature::{native_recover_public_key, portable_recover_public_key, SECP256K1_N};
use zkos_transactions::signing::{address_from_secret_key, sign_hash};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn word(&mut self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_be_bytes());
        }
        out
    }
}

#[test]
fn valid_signatures_recover_the_same_key() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for i in 0..300 {
        let secret = keccak256(&rng.word()).0;
        let hash = B256(rng.word());
        let (parity, r, s) = sign_hash(&hash, &secret).expect("signing a random hash");
        let native = native_recover_public_key(&hash, parity, &r, &s).expect("native recovers");
        let portable = portable_recover_public_key(&hash, parity, &r, &s).expect("portable recovers");
        assert_eq!(native, portable, "signature {i}");
        let address = address_from_secret_key(&secret).expect("address");
        assert_eq!(&keccak256(&native).0[12..], &address.0[..], "signature {i}: recovered the signer");
    }
}

#[test]
fn arbitrary_values_agree_including_failures() {
    let mut rng = Rng(0x0dd_ba11_f00d_0002);
    let (mut recovered, mut failed) = (0, 0);
    for i in 0..400 {
        let hash = B256(rng.word());
        // In-range r and s (the callers check ranges first); about half of random r are not an x on the curve.
        let r = U256::from_be_bytes(rng.word()) % SECP256K1_N;
        let s = U256::from_be_bytes(rng.word()) % SECP256K1_N;
        if r.is_zero() || s.is_zero() {
            continue;
        }
        let parity = (rng.next() & 1) as u8;
        let native = native_recover_public_key(&hash, parity, &r, &s);
        let portable = portable_recover_public_key(&hash, parity, &r, &s);
        assert_eq!(native, portable, "case {i}: r={r:#x} s={s:#x} parity={parity}");
        if native.is_some() {
            recovered += 1;
        } else {
            failed += 1;
        }
    }
    // Both outcomes were exercised.
    assert!(recovered > 100 && failed > 100, "recovered {recovered}, failed {failed}");
}

#[test]
fn boundary_values_agree() {
    let hash = keccak256(b"boundary");
    let one = U256::from(1u8);
    let values = [one, U256::from(2u8), SECP256K1_N - one, SECP256K1_N - U256::from(2u8), SECP256K1_N >> 1, (SECP256K1_N >> 1) + one];
    for r in values {
        for s in values {
            for parity in 0..2 {
                assert_eq!(
                    native_recover_public_key(&hash, parity, &r, &s),
                    portable_recover_public_key(&hash, parity, &r, &s),
                    "r={r:#x} s={s:#x} parity={parity}"
                );
            }
        }
    }
    // The zero hash too (z = 0 makes u1 = 0).
    let zero = B256::ZERO;
    assert_eq!(native_recover_public_key(&zero, 0, &one, &one), portable_recover_public_key(&zero, 0, &one, &one));
}
