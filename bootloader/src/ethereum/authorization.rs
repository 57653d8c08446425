//! EIP-7702 authorizations: each valid tuple points its authority's code at a delegate. Invalid tuples are
//! skipped, never fatal; applied ones persist even if the transaction's execution reverts.

use alloc::vec::Vec;
use primitives::U256;
use system_api::{BootloaderIo, SystemError};
use transactions::{recover_authority, recover_authority_advised, Authorization};

use ee_evm::{delegation_target, DELEGATION_PREFIX, EVM_EE_TYPE};
use system_api::EeType;

/// EIP-7702: intrinsic cost per authorization charged up front.
pub const PER_EMPTY_ACCOUNT_COST: i64 = 25_000;
/// EIP-7702: what an authorization costs when its authority already exists.
pub const PER_AUTH_BASE_COST: i64 = 12_500;

/// Applies the authorization list; returns the refund for authorities that already existed.
pub fn apply_authorizations<Sys: BootloaderIo>(sys: &mut Sys, list: &[Authorization]) -> Result<i64, SystemError> {
    let chain_id = U256::from(sys.block().chain_id);
    let mut refund = 0i64;
    for auth in list {
        if !auth.chain_id.is_zero() && auth.chain_id != chain_id {
            continue;
        }
        if auth.nonce == u64::MAX {
            continue;
        }
        let authority =
            crate::advice::recover(sys, || recover_authority(auth), |advice| recover_authority_advised(auth, advice))?;
        let Some(authority) = authority else { continue };
        sys.access_account(&authority)?;
        let account = sys.account(&authority)?;
        if account.code_len != 0 {
            let code = sys.code(&authority)?;
            if delegation_target(&code).is_none() {
                continue;
            }
        }
        if account.nonce != auth.nonce {
            continue;
        }
        if account.exists {
            refund += PER_EMPTY_ACCOUNT_COST - PER_AUTH_BASE_COST;
        }
        if auth.address.0 == [0u8; 20] {
            sys.set_code(&authority, Vec::new().into(), EeType::NONE)?;
        } else {
            let mut designator = Vec::with_capacity(23);
            designator.extend_from_slice(&DELEGATION_PREFIX);
            designator.extend_from_slice(&auth.address.0);
            sys.set_code(&authority, designator.into(), EVM_EE_TYPE)?;
        }
        sys.set_nonce(&authority, auth.nonce + 1)?;
    }
    Ok(refund)
}
