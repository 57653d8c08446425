//! EIP-7685 execution-layer requests: deposits parsed from the deposit contract's logs (EIP-6110), and the
//! request hash the header commits to.

use alloc::vec::Vec;
use primitives::{Address, Log, B256};
use sha2::{Digest, Sha256};

/// Request type of deposits (EIP-6110).
pub const DEPOSIT_REQUEST_TYPE: u8 = 0x00;
/// Request type of withdrawal requests (EIP-7002).
pub const WITHDRAWAL_REQUEST_TYPE: u8 = 0x01;
/// Request type of consolidation requests (EIP-7251).
pub const CONSOLIDATION_REQUEST_TYPE: u8 = 0x02;

/// Topic 0 of `DepositEvent(bytes,bytes,bytes,bytes,bytes)`.
const DEPOSIT_EVENT: B256 = B256([
    0x64, 0x9b, 0xbc, 0x62, 0xd0, 0xe3, 0x13, 0x42, 0xaf, 0xea, 0x4e, 0x5c, 0xd8, 0x2d, 0x40, 0x49, 0xe7, 0xe1, 0xee,
    0x91, 0x2f, 0xc0, 0x88, 0x9a, 0xa7, 0x90, 0x80, 0x3b, 0xe3, 0x90, 0x38, 0xc5,
]);

/// The ABI layout of a deposit event's data: five dynamic byte strings at fixed offsets with fixed sizes,
/// `(offset, size)` each, in the order the request concatenates them (pubkey, withdrawal credentials,
/// amount, signature, index).
const DEPOSIT_FIELDS: [(usize, usize); 5] = [(160, 48), (256, 32), (320, 8), (384, 96), (512, 8)];
/// The data length of a well-formed deposit event.
const DEPOSIT_EVENT_LEN: usize = 576;
/// The length of one deposit request: 48 + 32 + 8 + 96 + 8.
pub const DEPOSIT_REQUEST_LEN: usize = 192;

/// A deposit event whose data does not have the layout the deposit contract writes: the block is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MalformedDeposit(pub &'static str);

/// The deposit requests (concatenated, without the type byte) of the logs `deposit_contract` emitted.
pub fn deposit_requests<'a>(
    logs: impl IntoIterator<Item = &'a Log>,
    deposit_contract: &Address,
) -> Result<Vec<u8>, MalformedDeposit> {
    let mut out = Vec::new();
    for log in logs {
        if log.address == *deposit_contract && log.topics.first() == Some(&DEPOSIT_EVENT) {
            extract_deposit(&log.data, &mut out)?;
        }
    }
    Ok(out)
}

/// Appends the request of one deposit event's data to `out`, checking every offset and size word.
fn extract_deposit(data: &[u8], out: &mut Vec<u8>) -> Result<(), MalformedDeposit> {
    if data.len() != DEPOSIT_EVENT_LEN {
        return Err(MalformedDeposit("deposit event data is not 576 bytes"));
    }
    let word = |at: usize| -> Option<usize> {
        let bytes = data.get(at..at + 32)?;
        if bytes[..24].iter().any(|b| *b != 0) {
            return None;
        }
        let mut low = [0u8; 8];
        low.copy_from_slice(&bytes[24..]);
        usize::try_from(u64::from_be_bytes(low)).ok()
    };
    for (i, (offset, _)) in DEPOSIT_FIELDS.iter().enumerate() {
        if word(32 * i) != Some(*offset) {
            return Err(MalformedDeposit("deposit event field offset"));
        }
    }
    for (offset, size) in DEPOSIT_FIELDS {
        if word(offset) != Some(size) {
            return Err(MalformedDeposit("deposit event field size"));
        }
        let field = data.get(offset + 32..offset + 32 + size).ok_or(MalformedDeposit("deposit event field"))?;
        out.extend_from_slice(field);
    }
    Ok(())
}

/// EIP-7685's `requests_hash`: `sha256(sha256(r₁) ‖ sha256(r₂) ‖ …)` over the requests with data, each
/// `type ‖ data`, in ascending type order.
pub fn requests_hash(requests: &[Vec<u8>]) -> B256 {
    let mut outer = Sha256::new();
    for request in requests {
        outer.update(Sha256::digest(request));
    }
    B256(outer.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn deposit_data(fill: u8) -> Vec<u8> {
        let mut data = vec![0u8; DEPOSIT_EVENT_LEN];
        for (i, (offset, size)) in DEPOSIT_FIELDS.iter().enumerate() {
            data[32 * i + 24..32 * i + 32].copy_from_slice(&(*offset as u64).to_be_bytes());
            data[offset + 24..offset + 32].copy_from_slice(&(*size as u64).to_be_bytes());
            data[offset + 32..offset + 32 + size].fill(fill + i as u8);
        }
        data
    }

    #[test]
    fn deposits_concatenate_their_fields() {
        let contract = Address::from_low_u64(0x219a);
        let log = |data, address| Log { address, topics: vec![DEPOSIT_EVENT], data };
        let logs = [
            log(deposit_data(1), contract),
            log(deposit_data(9), Address::from_low_u64(1)), // another contract: ignored
            log(deposit_data(0x10), contract),
        ];
        let out = deposit_requests(&logs, &contract).unwrap();
        assert_eq!(out.len(), 2 * DEPOSIT_REQUEST_LEN);
        assert_eq!(&out[..48], &[1u8; 48][..]);
        assert_eq!(&out[48..80], &[2u8; 32][..]);
        assert_eq!(&out[80..88], &[3u8; 8][..]);
        assert_eq!(&out[88..184], &[4u8; 96][..]);
        assert_eq!(&out[184..192], &[5u8; 8][..]);
        assert_eq!(out[192], 0x10);
    }

    #[test]
    fn malformed_deposits_are_refused() {
        let contract = Address::from_low_u64(0x219a);
        let mut short = deposit_data(1);
        short.pop();
        let mut bad_offset = deposit_data(1);
        bad_offset[31] = 161;
        let mut bad_size = deposit_data(1);
        bad_size[160 + 31] = 47;
        for data in [short, bad_offset, bad_size] {
            let logs = [Log { address: contract, topics: vec![DEPOSIT_EVENT], data }];
            assert!(deposit_requests(&logs, &contract).is_err());
        }
        // Without the event topic the log is not a deposit.
        let logs = [Log { address: contract, topics: vec![], data: vec![1, 2, 3] }];
        assert_eq!(deposit_requests(&logs, &contract), Ok(Vec::new()));
    }

    #[test]
    fn requests_hash_of_nothing_is_sha256_of_the_empty_string() {
        // sha256("") = e3b0c442…b855: the header value of every Prague block without requests.
        assert_eq!(
            requests_hash(&[]).to_string(),
            "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let one = requests_hash(&[vec![WITHDRAWAL_REQUEST_TYPE, 1, 2]]);
        let expected: [u8; 32] = Sha256::digest(Sha256::digest([1u8, 1, 2])).into();
        assert_eq!(one, B256(expected));
    }
}
