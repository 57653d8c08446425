//! Advice never changes a recovery's result: recorded answers replayed give the same key, and so do missing,
//! garbled, shuffled or forged answers (they fail their checks and the value is computed). Run with and
//! without `--features emulated-delegation` for both backends.

use k256::ecdsa::SigningKey;
use proptest::prelude::*;
use zkos_secp256k1::{recover_public_key, recover_public_key_advised, Advice, Record, RecoveryError, Replay};

/// Answers every question with a fixed wrong word.
struct Forged([u8; 32]);

impl Advice for Forged {
    fn sqrt(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        Some(self.0)
    }
    fn scalar_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        Some(self.0)
    }
    fn field_inverse(&mut self, _: &[u8; 32]) -> Option<[u8; 32]> {
        Some(self.0)
    }
}

/// `(r, s, y parity, public key)` of `key`'s signature of `hash`.
type Signed = ([u8; 32], [u8; 32], bool, [u8; 64]);

fn signed(key: &[u8; 32], hash: &[u8; 32]) -> Option<Signed> {
    let key = SigningKey::from_bytes(&(*key).into()).ok()?;
    let (sig, id) = key.sign_prehash_recoverable(hash).ok()?;
    let public: [u8; 64] = key.verifying_key().to_encoded_point(false).as_bytes()[1..].try_into().ok()?;
    Some((sig.r().to_bytes().into(), sig.s().to_bytes().into(), id.is_y_odd(), public))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn recorded_answers_replay_to_the_same_key(key in any::<[u8; 32]>(), hash in any::<[u8; 32]>(), junk in any::<[u8; 32]>()) {
        let Some((r, s, odd, public)) = signed(&key, &hash) else { return Ok(()) };
        let mut record = Record::default();
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut record), Ok(public));
        // The square root, r⁻¹ and Z⁻¹.
        prop_assert_eq!(record.answers().len(), 3);
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Replay::new(record.answers())), Ok(public));

        // Wrong answers in every position, answers out of order, too few: the same key.
        let answers = record.answers().to_vec();
        for at in 0..3 {
            let mut garbled = answers.clone();
            garbled[at][31] ^= 1;
            prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Replay::new(&garbled)), Ok(public));
        }
        let reversed: Vec<_> = answers.iter().rev().copied().collect();
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Replay::new(&reversed)), Ok(public));
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Replay::new(&answers[..1])), Ok(public));
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Forged(junk)), Ok(public));
    }

    #[test]
    fn arbitrary_signatures_end_alike_with_any_advice(hash in any::<[u8; 32]>(), r in any::<[u8; 32]>(),
                                                     s in any::<[u8; 32]>(), odd in any::<bool>(), junk in any::<[u8; 32]>()) {
        let plain = recover_public_key(&hash, &r, &s, odd);
        let mut record = Record::default();
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut record), plain);
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Replay::new(record.answers())), plain);
        prop_assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Forged(junk)), plain);
    }
}

#[test]
fn a_proof_of_no_square_root_is_checked() {
    // x = 5: 5³ + 7 = 132 is not a square mod p, so no curve point has x-coordinate 5.
    let mut r = [0u8; 32];
    r[31] = 5;
    let s = [1u8; 32];
    let hash = [2u8; 32];
    assert_eq!(recover_public_key(&hash, &r, &s, false), Err(RecoveryError::NoPointForR));
    let mut record = Record::default();
    assert_eq!(recover_public_key_advised(&hash, &r, &s, false, &mut record), Err(RecoveryError::NoPointForR));
    // The one answer is a root of −132, which proves 132 has none.
    assert_eq!(record.answers().len(), 1);
    assert_eq!(recover_public_key_advised(&hash, &r, &s, false, &mut Replay::new(record.answers())), Err(RecoveryError::NoPointForR));

    // Conversely, a valid signature cannot be made to look invalid: a root of −(x³ + 7) does not exist
    // when x³ + 7 is a square, and any other answer is recomputed.
    let (r, s, odd, public) = signed(&[9u8; 32], &hash).unwrap();
    for forged in [[0u8; 32], [0xffu8; 32], r, s] {
        assert_eq!(recover_public_key_advised(&hash, &r, &s, odd, &mut Forged(forged)), Ok(public));
    }
}
