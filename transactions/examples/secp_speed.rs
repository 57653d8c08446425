//! Times sender recovery: libsecp256k1 (forward mode) against zkos-secp256k1 (the prover's implementation).
//! `cargo run --release -p zkos-transactions --features native-secp256k1,signing --example secp_speed`

use std::time::Instant;

use primitives::{keccak256, B256, U256};
use zkos_transactions::signature::{native_recover_public_key, portable_recover_public_key};
use zkos_transactions::signing::sign_hash;

type Recover = fn(&B256, u8, &U256, &U256) -> Option<[u8; 64]>;

fn main() {
    let n = 2_000;
    let sigs: Vec<_> = (0..n as u32)
        .map(|i| {
            let key = keccak256(&i.to_be_bytes()).0;
            let hash = keccak256(&(i + 7).to_le_bytes());
            let (parity, r, s) = sign_hash(&hash, &key).expect("sign");
            (hash, parity, r, s)
        })
        .collect();
    let recoveries: [(&str, Recover); 2] =
        [("libsecp256k1 ", native_recover_public_key), ("zkos-secp256k1", portable_recover_public_key)];
    for (name, recover) in recoveries {
        let start = Instant::now();
        for (hash, parity, r, s) in &sigs {
            std::hint::black_box(recover(hash, *parity, r, s));
        }
        println!("{name}: {:.1} µs per recovery", start.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
}
