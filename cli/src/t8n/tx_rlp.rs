//! RLP transaction lists, both ways: the `txs.rlp` input (an RLP list whose items are legacy transactions
//! as lists and typed transactions as byte strings holding their EIP-2718 envelope, as a block body holds
//! them) and the `body` output (the included transactions in the same form).
//!
//! A list that is not RLP fails the input (exit 12); an item that is well-formed RLP but not a transaction
//! is rejected at its index, as geth's streaming decoder and the execution specs' t8n do.

use transactions::rlp::{decode_item, encode_bytes, encode_list, Item};

use super::error::{ErrorKind, T8nError};
use super::tx_json::Prepared;

/// Splits the RLP list `bytes` into one prepared transaction per item.
pub fn prepare_rlp(bytes: &[u8]) -> Result<Vec<Prepared>, T8nError> {
    let bad = |why: String| T8nError::new(ErrorKind::Rlp, format!("txs: not an RLP list of transactions: {why}"));
    let (list, rest) = decode_item(bytes).map_err(|e| bad(e.to_string()))?;
    if !rest.is_empty() {
        return Err(bad("trailing bytes after the list".into()));
    }
    let Item::List(mut payload) = list else {
        return Err(bad("the top-level item is a string".into()));
    };
    let mut out = Vec::new();
    while !payload.is_empty() {
        let (item, after) = decode_item(payload).map_err(|e| bad(format!("item {}: {e}", out.len())))?;
        let raw = &payload[..payload.len() - after.len()];
        out.push(match item {
            // A legacy transaction is the list itself.
            Item::List(_) => Ok(raw.to_vec()),
            // A typed transaction is a string holding `type ‖ rlp(fields)`; the type byte is below 0x80.
            Item::String(envelope) => match envelope.first() {
                Some(0x01..=0x7f) => Ok(envelope.to_vec()),
                _ => Err("typed transaction expected in a byte-string item (type byte 0x01..0x7f)".to_string()),
            },
        });
        payload = after;
    }
    Ok(out)
}

/// The RLP list of `envelopes` (EIP-2718 bytes) as a block body holds them.
pub fn encode_body<'a>(envelopes: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut payload = Vec::new();
    for envelope in envelopes {
        match envelope.first() {
            // Legacy: already an RLP list.
            Some(first) if *first >= 0xc0 => payload.extend_from_slice(envelope),
            _ => encode_bytes(&mut payload, envelope),
        }
    }
    let mut out = Vec::new();
    encode_list(&mut out, &payload);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_into_legacy_and_typed_items_and_round_trip() {
        let legacy = vec![0xc3, 0x01, 0x02, 0x03];
        let typed = vec![0x02, 0xc1, 0x05];
        let body = encode_body([legacy.as_slice(), typed.as_slice()]);
        assert_eq!(body, [0xc8, 0xc3, 0x01, 0x02, 0x03, 0x83, 0x02, 0xc1, 0x05]);
        assert_eq!(prepare_rlp(&body).unwrap(), vec![Ok(legacy), Ok(typed)]);
        assert_eq!(prepare_rlp(&[0xc0]).unwrap(), vec![]);
    }

    #[test]
    fn broken_lists_fail_and_odd_items_reject() {
        for bad in [&[][..], &[0x80], &[0xc2, 0x01], &[0xc0, 0x00]] {
            assert_eq!(prepare_rlp(bad).unwrap_err().exit_code(), 12, "{bad:?}");
        }
        let items = prepare_rlp(&[0xc3, 0x82, 0xc1, 0x00]).unwrap();
        assert!(items[0].is_err());
    }
}
