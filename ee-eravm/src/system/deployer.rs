//! Deployment: ContractDeployer (`create`, `create2`), NonceHolder, KnownCodesStorage, AccountCodeStorage and
//! ImmutableSimulator, on the shared state.
//!
//! zksolc deploys a contract by a system far call to `ContractDeployer.create(salt, bytecodeHash, input)` or
//! `create2(...)` naming the code by its versioned hash (the code itself travels as a factory dependency on
//! Era). zkos has no factory dependencies: the code must be *known*, that is deployed before as EraVM code
//! (by a `0xEF5A` creation or by the deployer). [`record_deployment`] keeps, for every EraVM deployment, the
//! versioned hash → first address holding the code in the KnownCodesStorage account's storage (slot = the
//! hash, value = `1 << 160 | address`, so the marker is non-zero as on Era), and the constructor's immutables
//! in the ImmutableSimulator account's storage (slot = keccak(address word ‖ index word)). Both accounts are
//! created with nonce 1 on their first write (see [`super::system_sstore`]).
//!
//! Addresses follow Era: `create` = keccak(keccak("zksyncCreate") ‖ sender ‖ nonce)[12..] and `create2` =
//! keccak(keccak("zksyncCreate2") ‖ sender ‖ salt ‖ hash ‖ keccak(input))[12..]. zkos accounts have one
//! nonce, so NonceHolder's minimal, raw and deployment nonces are all the account nonce, and a successful
//! `create` bumps it (a failed one reverts the deployer's call, nonce increment included, as on Era). The
//! constructor runs as an `ExecutionRequest::Deploy` with the constructor flag; it returns
//! `(offset 32, count n, n × (index, value))` in its return data when it has immutables.
//!
//! | call | answer | ergs |
//! |---|---|---|
//! | `create` / `create2` / `createAccount` / `create2Account` of known code | the new address | base |
//! | the same with unknown code, an address with code or a nonce, or malformed input | revert | base |
//! | `getMinNonce` / `getRawNonce` / `getDeploymentNonce(address)` | the account nonce | base |
//! | `getRawCodeHash(address)`, `getCodeHash(uint256)`, `getCodeSize(uint256)` | as on Era | base + 100 |
//! | `getMarker(bytes32)` | 1 if known, else 0 | base |
//! | `getImmutable(address, uint256)` | the stored word | base + 100 |

use alloc::vec::Vec;

use primitives::{keccak256, Address, U256};
use system_api::{SystemError, SystemInterface};

use super::{
    ok_word, refuse, system_sload, system_sstore, word_at, Answer, Request, ACCOUNT_CODE_STORAGE, BASE_ERGS,
    CONTRACT_DEPLOYER, IMMUTABLE_SIMULATOR, KNOWN_CODES_STORAGE, NONCE_HOLDER,
};
use crate::{code_hash, init_code, ERAVM_EE_TYPE};

const CREATE: u32 = 0x9c4d_535b;
const CREATE2: u32 = 0x3cda_3351;
const CREATE_ACCOUNT: u32 = 0xecf9_5b8a;
const CREATE2_ACCOUNT: u32 = 0x5d38_2700;
const GET_MIN_NONCE: u32 = 0x8969_09dc;
const GET_RAW_NONCE: u32 = 0x5aa9_b6b5;
const GET_DEPLOYMENT_NONCE: u32 = 0xfb1a_9a57;
const GET_RAW_CODE_HASH: u32 = 0x4de2_e468;
const GET_CODE_HASH: u32 = 0xe03f_e177;
const GET_CODE_SIZE: u32 = 0x1806_aa18;
const GET_MARKER: u32 = 0x4c63_14f0;
const GET_IMMUTABLE: u32 = 0x310a_b089;

fn immutable_slot(address: &Address, index: &U256) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(&address.to_word().to_be_bytes::<32>());
    preimage[32..].copy_from_slice(&index.to_be_bytes::<32>());
    keccak256(&preimage).to_word()
}

/// Records an EraVM deployment at `address`: its code becomes known, and the immutables in the
/// constructor's return data (if it is an immutables array) are stored.
pub fn record_deployment<Sys: SystemInterface>(
    sys: &mut Sys,
    address: &Address,
    code: &[u8],
    returndata: &[u8],
) -> Result<(), SystemError> {
    let hash = U256::from_be_bytes(code_hash(code));
    if system_sload(sys, KNOWN_CODES_STORAGE, &hash)?.is_zero() {
        system_sstore(sys, KNOWN_CODES_STORAGE, &hash, &(U256::from(1u8) << 160 | address.to_word()))?;
    }
    // (offset 32, n, n × (index, value)), exactly; anything else is not an immutables array
    if returndata.len() >= 64 && word_at(returndata, 0) == U256::from(32u8) {
        let n = word_at(returndata, 32);
        if n.checked_mul(U256::from(64u8)) == Some(U256::from(returndata.len() - 64)) {
            for pair in returndata[64..].chunks(64) {
                let slot = immutable_slot(address, &word_at(pair, 0));
                system_sstore(sys, IMMUTABLE_SIMULATOR, &slot, &word_at(pair, 32))?;
            }
        }
    }
    Ok(())
}

/// The `bytes` argument whose offset is argument `i`.
fn bytes_arg<'a>(req: &'a Request<'_>, i: usize) -> Option<&'a [u8]> {
    let data = &req.call.calldata;
    let at = usize::try_from(req.arg(i)).ok()?.checked_add(4)?;
    let len = usize::try_from(word_at(data, at)).ok()?;
    let start = at.checked_add(32)?;
    data.get(start..start.checked_add(len)?)
}

fn create<Sys: SystemInterface>(
    sys: &mut Sys,
    req: &Request<'_>,
    value: U256,
    salted: bool,
) -> Result<Answer, SystemError> {
    let (salt, hash) = (req.arg(0), req.arg(1));
    let (Some(input), true) = (bytes_arg(req, 2), req.call.calldata.len() >= 100) else {
        return Ok(refuse(BASE_ERGS));
    };
    let entry = system_sload(sys, KNOWN_CODES_STORAGE, &hash)?;
    if entry.is_zero() {
        return Ok(refuse(BASE_ERGS));
    }
    let code = sys.code(&Address::from_word(&entry))?.to_vec();
    let sender = req.caller.to_word().to_be_bytes::<32>();
    let mut preimage = Vec::with_capacity(192);
    if salted {
        preimage.extend_from_slice(&keccak256(b"zksyncCreate2").0);
        preimage.extend_from_slice(&sender);
        preimage.extend_from_slice(&salt.to_be_bytes::<32>());
        preimage.extend_from_slice(&hash.to_be_bytes::<32>());
        preimage.extend_from_slice(&keccak256(input).0);
    } else {
        let nonce = sys.account(&req.caller)?.nonce;
        preimage.extend_from_slice(&keccak256(b"zksyncCreate").0);
        preimage.extend_from_slice(&sender);
        preimage.extend_from_slice(&U256::from(nonce).to_be_bytes::<32>());
    }
    let address = Address::from_word(&keccak256(&preimage).to_word());
    // the real deployer refuses an address that has code or a nonce already
    let target = sys.account(&address)?;
    if target.code_len > 0 || target.nonce > 0 {
        return Ok(refuse(BASE_ERGS));
    }
    let held = BASE_ERGS.min(req.call.ergs);
    Ok(Answer::Deploy { address, init_code: init_code(&code, input), value, held, bumps_nonce: !salted })
}

/// ContractDeployer, NonceHolder, KnownCodesStorage, AccountCodeStorage and ImmutableSimulator calls;
/// `value` is the endowment when the call came through the MsgValueSimulator.
pub fn answer<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>, value: U256) -> Result<Answer, SystemError> {
    let id = req.call.address.to_word().as_limbs()[0];
    let selector = req.selector();
    if req.call.calldata.len() < 36 {
        return Ok(refuse(BASE_ERGS));
    }
    let arg_address = Address::from_word(&req.arg(0));
    Ok(match (id, selector) {
        (CONTRACT_DEPLOYER, CREATE | CREATE_ACCOUNT) if !req.call.is_static => return create(sys, req, value, false),
        (CONTRACT_DEPLOYER, CREATE2 | CREATE2_ACCOUNT) if !req.call.is_static => return create(sys, req, value, true),
        (NONCE_HOLDER, GET_MIN_NONCE | GET_RAW_NONCE | GET_DEPLOYMENT_NONCE) => {
            ok_word(U256::from(sys.account(&arg_address)?.nonce), BASE_ERGS)
        }
        (ACCOUNT_CODE_STORAGE, GET_RAW_CODE_HASH | GET_CODE_HASH | GET_CODE_SIZE) => {
            let account = sys.account(&arg_address)?;
            let eravm = account.ee_type == ERAVM_EE_TYPE && account.code_len > 0;
            let code: Vec<u8> = if eravm { sys.code(&arg_address)?.to_vec() } else { Vec::new() };
            let answer = match selector {
                GET_CODE_SIZE => U256::from(account.code_len),
                _ if eravm => U256::from_be_bytes(code_hash(&code)),
                GET_RAW_CODE_HASH if account.code_len == 0 => U256::ZERO,
                // Era's getCodeHash: keccak of empty code for existing accounts without code
                _ if account.exists && (account.code_len > 0 || !account.is_empty()) => account.code_hash.to_word(),
                _ => U256::ZERO,
            };
            ok_word(answer, BASE_ERGS + 100)
        }
        (KNOWN_CODES_STORAGE, GET_MARKER) => {
            let known = !system_sload(sys, KNOWN_CODES_STORAGE, &req.arg(0))?.is_zero();
            ok_word(U256::from(known as u8), BASE_ERGS)
        }
        (IMMUTABLE_SIMULATOR, GET_IMMUTABLE) if req.call.calldata.len() >= 68 => {
            let slot = immutable_slot(&arg_address, &req.arg(1));
            ok_word(system_sload(sys, IMMUTABLE_SIMULATOR, &slot)?, BASE_ERGS + 100)
        }
        _ => refuse(BASE_ERGS),
    })
}
