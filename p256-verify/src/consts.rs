//! The constants of P-256 (SEC 2 `secp256r1`, FIPS 186-5) and of its Montgomery arithmetic, as eight
//! little-endian 32-bit words each. Both backends use `R = 2^256`, so a value in Montgomery form has the
//! same words in both (the ROM table depends on that). Checked against `num-bigint` in `tests.rs`.

/// The field prime `p = 2^256 − 2^224 + 2^192 + 2^96 − 1`.
pub(crate) const P: [u32; 8] = [
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x0000_0000,
    0x0000_0000,
    0x0000_0000,
    0x0000_0001,
    0xFFFF_FFFF,
];
/// `2^256 − p`: what a carry out of bit 256 is worth modulo `p` (and `R mod p`, the Montgomery form of 1).
pub(crate) const C_P: [u32; 8] = [
    0x0000_0001,
    0x0000_0000,
    0x0000_0000,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFE,
    0x0000_0000,
];
/// `−p⁻¹ mod 2^256`, for Montgomery reduction modulo `p`.
#[cfg_attr(not(feature = "emulated-delegation"), allow(dead_code))] // The delegation backend's.
pub(crate) const P_PRIME: [u32; 8] = [
    0x0000_0001,
    0x0000_0000,
    0x0000_0000,
    0x0000_0001,
    0x0000_0000,
    0x0000_0000,
    0x0000_0002,
    0xFFFF_FFFF,
];
/// `2^512 mod p`: a Montgomery product with it takes a value into Montgomery form.
pub(crate) const R2_P: [u32; 8] = [
    0x0000_0003,
    0x0000_0000,
    0xFFFF_FFFF,
    0xFFFF_FFFB,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFD,
    0x0000_0004,
];
/// The curve coefficient `b` in Montgomery form (`b·2^256 mod p`).
pub(crate) const B_MONT: [u32; 8] = [
    0x29C4_BDDF,
    0xD89C_DF62,
    0x7884_3090,
    0xACF0_05CD,
    0xF721_2ED6,
    0xE5A2_20AB,
    0x0487_4834,
    0xDC30_061D,
];
/// `3` in Montgomery form (`3·2^256 mod p`), for `x³ − 3x = x·(x² − 3)`.
pub(crate) const THREE_MONT: [u32; 8] = [
    0x0000_0003,
    0x0000_0000,
    0x0000_0000,
    0xFFFF_FFFD,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFC,
    0x0000_0002,
];
/// `p − n` (127 bits): `r + n` is a field element exactly when `r < p − n`.
pub(crate) const P_MINUS_N: [u32; 8] = [
    0x039C_DAAE,
    0x0C46_353D,
    0x58E8_617B,
    0x4319_0553,
    0x0000_0000,
    0x0000_0000,
    0x0000_0000,
    0x0000_0000,
];

/// The group order `n`.
pub(crate) const N: [u32; 8] = [
    0xFC63_2551,
    0xF3B9_CAC2,
    0xA717_9E84,
    0xBCE6_FAAD,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x0000_0000,
    0xFFFF_FFFF,
];
/// `2^256 − n`.
#[cfg_attr(not(feature = "emulated-delegation"), allow(dead_code))] // The delegation backend's.
pub(crate) const C_N: [u32; 8] = [
    0x039C_DAAF,
    0x0C46_353D,
    0x58E8_617B,
    0x4319_0552,
    0x0000_0000,
    0x0000_0000,
    0xFFFF_FFFF,
    0x0000_0000,
];
/// `−n⁻¹ mod 2^256`, for Montgomery reduction modulo `n`.
#[cfg_attr(not(feature = "emulated-delegation"), allow(dead_code))] // The delegation backend's.
pub(crate) const N_PRIME: [u32; 8] = [
    0xEE00_BC4F,
    0xCCD1_C8AA,
    0x7D74_D2E4,
    0x48C9_4408,
    0xC588_C6F6,
    0x50FE_77EC,
    0xA9D6_281C,
    0x60D0_6633,
];
/// `2^512 mod n`.
pub(crate) const R2_N: [u32; 8] = [
    0xBE79_EEA2,
    0x8324_4C95,
    0x49BD_6FA6,
    0x4699_799C,
    0x2B6B_EC59,
    0x2845_B239,
    0xF3D9_5620,
    0x66E1_2D94,
];
/// `2^−256 mod n`: the Montgomery product of `s` and `s⁻¹` (how an advised inverse is checked).
pub(crate) const RINV_N: [u32; 8] = [
    0x9C19_7C79,
    0xCE1B_C8F7,
    0x4356_6FAF,
    0xBADE_F3E2,
    0x1E60_7725,
    0x07F8_B604,
    0x4905_C1E9,
    0x60D0_6633,
];
/// `n − 2`, the inversion exponent.
pub(crate) const N_MINUS_2: [u32; 8] = [
    0xFC63_254F,
    0xF3B9_CAC2,
    0xA717_9E84,
    0xBCE6_FAAD,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x0000_0000,
    0xFFFF_FFFF,
];

/// `x < m` for little-endian words.
#[inline(always)]
pub(crate) const fn lt(x: &[u32; 8], m: &[u32; 8]) -> bool {
    let mut i = 8;
    while i > 0 {
        i -= 1;
        if x[i] != m[i] {
            return x[i] < m[i];
        }
    }
    false
}
