//! RLP codec: canonical-form rejections (one test per rule) and encoder vectors from the Ethereum wiki.

use primitives::{decode_hex, U256};
use zkos_transactions::rlp::{
    decode_exact, decode_item, decode_list_payload, encode_bytes, encode_u256, encode_u64, Item, ListEncoder,
};
use zkos_transactions::RlpError;

fn h(s: &str) -> Vec<u8> {
    decode_hex(s).unwrap()
}

fn enc_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_bytes(&mut out, bytes);
    out
}

fn enc_u64(value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    encode_u64(&mut out, value);
    out
}

#[test]
fn encoder_matches_reference_vectors() {
    assert_eq!(enc_bytes(b"dog"), h("0x83646f67"));
    assert_eq!(enc_bytes(b""), h("0x80"));
    assert_eq!(enc_bytes(&[0x00]), h("0x00"));
    assert_eq!(enc_bytes(&[0x7f]), h("0x7f"));
    assert_eq!(enc_bytes(&[0x80]), h("0x8180"));
    assert_eq!(enc_u64(0), h("0x80"));
    assert_eq!(enc_u64(15), h("0x0f"));
    assert_eq!(enc_u64(1024), h("0x820400"));
    let lorem = b"Lorem ipsum dolor sit amet, consectetur adipisicing elit";
    assert_eq!(lorem.len(), 56);
    let mut expected = h("0xb838");
    expected.extend_from_slice(lorem);
    assert_eq!(enc_bytes(lorem), expected);

    let mut cat_dog = ListEncoder::new();
    cat_dog.bytes(b"cat").bytes(b"dog");
    assert_eq!(cat_dog.finish(), h("0xc88363617483646f67"));
    assert_eq!(ListEncoder::new().finish(), h("0xc0"));

    // The set-theoretical representation of three: [ [], [[]], [ [], [[]] ] ].
    let empty = ListEncoder::new();
    let mut one = ListEncoder::new();
    one.list(&empty);
    let mut two = ListEncoder::new();
    two.list(&empty).list(&one);
    let mut three = ListEncoder::new();
    three.list(&empty).list(&one).list(&two);
    assert_eq!(three.finish(), h("0xc7c0c1c0c3c0c1c0"));

    let mut word = Vec::new();
    encode_u256(&mut word, &U256::MAX);
    assert_eq!(word.len(), 33);
    assert_eq!(word[0], 0xa0);
}

#[test]
fn long_list_header_round_trips() {
    let mut list = ListEncoder::new();
    for _ in 0..100 {
        list.bytes(b"0123456789");
    }
    let encoded = list.finish();
    assert_eq!(&encoded[..3], &[0xf9, 0x04, 0x4c]); // 100 * 11 = 1100 = 0x044c payload bytes
    let items = decode_exact(&encoded).unwrap().as_list().unwrap();
    assert_eq!(items.len(), 100);
    assert!(items.iter().all(|item| item.as_bytes() == Ok(b"0123456789".as_slice())));
}

#[test]
fn decodes_items_and_rest() {
    let input = h("0x83646f6701");
    let (item, rest) = decode_item(&input).unwrap();
    assert_eq!(item, Item::String(b"dog"));
    assert_eq!(rest, &[0x01]);
    let payload = h("0x83636174c0");
    let items = decode_list_payload(&payload).unwrap();
    assert_eq!(items, vec![Item::String(b"cat"), Item::List(&[])]);
}

#[test]
fn rejects_single_byte_encoded_as_string() {
    assert_eq!(decode_exact(&h("0x8105")), Err(RlpError::NonCanonicalSingleByte));
    assert_eq!(decode_exact(&h("0x8100")), Err(RlpError::NonCanonicalSingleByte));
    assert!(decode_exact(&h("0x8180")).is_ok());
}

#[test]
fn rejects_non_minimal_lengths() {
    // Long form used for a 3-byte string.
    assert_eq!(decode_exact(&h("0xb803646f67")), Err(RlpError::NonCanonicalLength));
    // Long form used for a 2-byte list.
    assert_eq!(decode_exact(&h("0xf8020102")), Err(RlpError::NonCanonicalLength));
    // Length of length with a leading zero byte.
    let mut padded = h("0xb90038");
    padded.extend_from_slice(&[b'x'; 56]);
    assert_eq!(decode_exact(&padded), Err(RlpError::NonCanonicalLength));
    // 55 bytes in long form.
    let mut fifty_five = h("0xb837");
    fifty_five.extend_from_slice(&[b'x'; 55]);
    assert_eq!(decode_exact(&fifty_five), Err(RlpError::NonCanonicalLength));
}

#[test]
fn rejects_lengths_exceeding_input() {
    assert_eq!(decode_exact(&h("0x83646f")), Err(RlpError::UnexpectedEnd));
    assert_eq!(decode_exact(&h("0xc3010203")[..3]), Err(RlpError::UnexpectedEnd));
    assert_eq!(decode_exact(&h("0xb9")), Err(RlpError::UnexpectedEnd));
    assert_eq!(decode_exact(&h("0xb90100")), Err(RlpError::UnexpectedEnd));
    assert_eq!(decode_exact(&[]), Err(RlpError::UnexpectedEnd));
    // Inside a list, the inner item overruns the list payload.
    assert_eq!(decode_list_payload(&h("0x8364")), Err(RlpError::UnexpectedEnd));
}

#[test]
fn rejects_absurd_lengths_without_panicking() {
    // 8-byte length of 2^64 - 1 and a list with the maximum length of length.
    assert!(decode_exact(&h("0xbfffffffffffffffff")).is_err());
    assert!(decode_exact(&h("0xffffffffffffffffff00")).is_err());
    assert!(decode_exact(&h("0xbf7fffffffffffffff")).is_err());
}

#[test]
fn rejects_trailing_bytes() {
    assert_eq!(decode_exact(&h("0x83646f6700")), Err(RlpError::TrailingBytes));
    assert_eq!(decode_exact(&h("0xc0c0")), Err(RlpError::TrailingBytes));
}

#[test]
fn integer_rules() {
    assert_eq!(
        decode_exact(&h("0x820001")).unwrap().as_u64(),
        Err(RlpError::LeadingZero)
    );
    assert_eq!(decode_exact(&h("0x00")).unwrap().as_u64(), Err(RlpError::LeadingZero));
    assert_eq!(decode_exact(&h("0x80")).unwrap().as_u64(), Ok(0));
    assert_eq!(decode_exact(&h("0x820400")).unwrap().as_u64(), Ok(1024));
    assert_eq!(decode_exact(&h("0x88ffffffffffffffff")).unwrap().as_u64(), Ok(u64::MAX));
    assert_eq!(
        decode_exact(&h("0x89010000000000000000")).unwrap().as_u64(),
        Err(RlpError::IntegerOverflow)
    );
    assert_eq!(
        decode_exact(&h("0x820100")).unwrap().as_u8(),
        Err(RlpError::IntegerOverflow)
    );
    assert_eq!(decode_exact(&h("0x81ff")).unwrap().as_u8(), Ok(255));
    let mut word = h("0xa0");
    word.extend_from_slice(&[0xff; 32]);
    assert_eq!(decode_exact(&word).unwrap().as_u256(), Ok(U256::MAX));
    assert_eq!(decode_exact(&word).unwrap().as_u128(), Err(RlpError::IntegerOverflow));
    let mut too_wide = h("0xa1");
    too_wide.extend_from_slice(&[0x01; 33]);
    assert_eq!(
        decode_exact(&too_wide).unwrap().as_u256(),
        Err(RlpError::IntegerOverflow)
    );
}

#[test]
fn type_mismatches() {
    assert_eq!(
        decode_exact(&h("0xc0")).unwrap().as_bytes(),
        Err(RlpError::ExpectedString)
    );
    assert_eq!(
        decode_exact(&h("0xc0")).unwrap().as_u64(),
        Err(RlpError::ExpectedString)
    );
    assert_eq!(decode_exact(&h("0x80")).unwrap().as_list(), Err(RlpError::ExpectedList));
}

#[test]
fn every_value_round_trips() {
    for value in [0u64, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 1 << 32, u64::MAX] {
        let encoded = enc_u64(value);
        assert_eq!(decode_exact(&encoded).unwrap().as_u64(), Ok(value), "{value}");
    }
    for len in [0usize, 1, 2, 55, 56, 255, 256, 65536] {
        let data = vec![0xabu8; len];
        let encoded = enc_bytes(&data);
        assert_eq!(decode_exact(&encoded).unwrap().as_bytes(), Ok(data.as_slice()), "{len}");
    }
}

#[test]
fn errors_display() {
    assert_eq!(RlpError::LeadingZero.to_string(), "integer has leading zero bytes");
    assert_eq!(RlpError::TrailingBytes.to_string(), "trailing bytes after the item");
}
