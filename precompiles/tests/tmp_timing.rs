use primitives::{Address, Fork};
use std::time::Instant;
#[test]
fn timing() {
    let g1 = primitives::decode_hex("0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1").unwrap();
    let mut input = Vec::new();
    for i in 0..128u8 { input.extend_from_slice(&g1); input.extend_from_slice(&[i ^ 0xa5; 32]); }
    let t = Instant::now();
    let r = zkos_precompiles::run(&Address::from_low_u64(0x0c), &input, 10_000_000, Fork::Prague).unwrap().unwrap();
    eprintln!("g1msm 128: {:?} gas {}", t.elapsed(), r.gas_used);
    // modexp: 512-byte odd modulus, 512-byte exponent
    let mut m = Vec::new();
    for v in [512u64, 512, 512] { let mut w=[0u8;32]; w[24..].copy_from_slice(&v.to_be_bytes()); m.extend_from_slice(&w); }
    m.extend_from_slice(&[0xab; 512]); m.extend_from_slice(&[0xff; 512]); m.extend_from_slice(&[0xcd; 511]); m.push(0xcf);
    let t = Instant::now();
    let r = zkos_precompiles::run(&Address::from_low_u64(5), &m, 100_000_000, Fork::Prague).unwrap().unwrap();
    eprintln!("modexp 512/512/512 odd: {:?} gas {}", t.elapsed(), r.gas_used);
    let l = m.len(); m[l-1] = 0xce;
    let t = Instant::now();
    let r = zkos_precompiles::run(&Address::from_low_u64(5), &m, 100_000_000, Fork::Prague).unwrap().unwrap();
    eprintln!("modexp 512/512/512 even: {:?} gas {}", t.elapsed(), r.gas_used);
}
