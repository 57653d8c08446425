//! EIP-7702: a set-code transaction's authorizations point an EOA's code at a delegate
//! (`0xef0100 ++ address`). Calls to the EOA run the delegate's code in the EOA's context and pay for
//! accessing the delegate too (cold 2600 / warm 100); EXTCODE* see the 23-byte designator; delegation is
//! not followed twice and a delegate precompile runs no code. Intrinsic gas is 25 000 per authorization,
//! 12 500 of it refunded when the authority already exists (subject to the EIP-3529 cap); invalid
//! authorizations are skipped; applied ones survive a reverting execution.
//!
//! The authority is key 1 (funded, so it exists) unless stated; the delegate D returns ADDRESS
//! (ADDRESS + ret_top: 15 gas).

use ee_api::ExitStatus;
use primitives::{keccak256, Address, U256};
use test_utils::bytecode::{run_tx, word};
use test_utils::harness::{exec_on, TARGET};
use test_utils::{address_of, secret_key, tx, Bytecode, Chain, Executed};
use transactions::signing::sign_authorization;
use transactions::{Authorization, TxType};
use zkos_ee_evm::opcodes::*;

const TX: u64 = 21_000;
const PER_AUTH: u64 = 25_000;
const COLD_ACCOUNT: u64 = 2_600;

fn delegate() -> Address {
    Address::from_low_u64(0xD0D0)
}

fn designator(to: Address) -> Vec<u8> {
    [&[0xef, 0x01, 0x00][..], &to.0].concat()
}

fn authorize(key: u64, to: Address, chain_id: u64, nonce: u64) -> Authorization {
    sign_authorization(U256::from(chain_id), to, nonce, &secret_key(key)).unwrap()
}

/// A chain where D returns its ADDRESS and, optionally, the authority is already delegated to D.
fn chain(pre_delegated: bool) -> Chain {
    let mut chain = Chain::default();
    chain.deploy(delegate(), Bytecode::new().op(ADDRESS).ret_top().into_vec());
    if pre_delegated {
        chain.deploy(address_of(1), designator(delegate()));
    }
    chain
}

/// A type-4 transaction from key 0 (at `nonce`) to `to` carrying `authorizations`.
fn set_code_tx(chain: &Chain, nonce: u64, to: Address, authorizations: Vec<Authorization>) -> Executed {
    let mut unsigned = tx::template(nonce, Some(to), vec![], U256::ZERO, 200_000);
    unsigned.tx_type = TxType::Eip7702;
    unsigned.authorization_list = authorizations;
    run_tx(chain, tx::signed(0, unsigned))
}

fn code_of(r: &Executed, address: Address) -> Vec<u8> {
    r.state.accounts.get(&address).map(|a| a.code.clone()).unwrap_or_default()
}

#[test]
fn authorization_delegates_and_the_call_runs_the_delegate() {
    // Spent 21 000 + 25 000 + 15; the 12 500 refund is capped at 46 015 / 5 = 9203.
    let authority = address_of(1);
    let r = set_code_tx(&chain(false), 0, authority, vec![authorize(1, delegate(), 1, 0)]);
    assert_eq!(r.output, authority.to_word().to_be_bytes::<32>().to_vec());
    assert_eq!(r.gas_used, 46_015 - 9_203);
    assert_eq!(code_of(&r, authority), designator(delegate()));
    assert_eq!(r.state.accounts[&authority].nonce, 1);
}

#[test]
fn new_authority_gets_no_refund() {
    // Key 7 has no account: the full 25 000 stays charged.
    let authority = address_of(7);
    let r = set_code_tx(&chain(false), 0, authority, vec![authorize(7, delegate(), 1, 0)]);
    assert_eq!(r.output, authority.to_word().to_be_bytes::<32>().to_vec());
    assert_eq!(r.gas_used, TX + PER_AUTH + 15);
}

#[test]
fn existing_but_empty_authority_gets_the_refund() {
    // The execution specs refund when the authority merely exists (`account_exists`), empty or not.
    let mut chain = chain(false);
    chain.fund(address_of(7), U256::ZERO);
    let r = set_code_tx(&chain, 0, address_of(7), vec![authorize(7, delegate(), 1, 0)]);
    assert_eq!(r.gas_used, 46_015 - 9_203);
}

#[test]
fn invalid_authorizations_are_skipped_but_still_paid_for() {
    // Wrong nonce, wrong chain id: nothing is delegated, no refund, the call hits a codeless account.
    let bad = vec![authorize(1, delegate(), 1, 5), authorize(1, delegate(), 2, 0)];
    let r = set_code_tx(&chain(false), 0, address_of(1), bad);
    assert_eq!(r.status, ExitStatus::Success);
    assert!(r.output.is_empty());
    assert_eq!(r.gas_used, TX + 2 * PER_AUTH);
    assert!(code_of(&r, address_of(1)).is_empty());
}

#[test]
fn high_s_authorization_is_skipped() {
    // The same signature with s' = n - s and the other parity recovers the same key, but EIP-2's low-s
    // rule (s ≤ n / 2) makes the tuple invalid: no delegation, no refund.
    let n = U256::from_str_radix("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16).unwrap();
    let mut auth = authorize(1, delegate(), 1, 0);
    auth.s = n - auth.s;
    auth.y_parity ^= 1;
    let r = set_code_tx(&chain(false), 0, address_of(1), vec![auth]);
    assert!(code_of(&r, address_of(1)).is_empty());
    assert_eq!(r.gas_used, TX + PER_AUTH);
}

#[test]
fn chain_id_zero_is_valid_on_any_chain() {
    let r = set_code_tx(&chain(false), 0, address_of(1), vec![authorize(1, delegate(), 0, 0)]);
    assert_eq!(code_of(&r, address_of(1)), designator(delegate()));
    assert_eq!(r.gas_used, 46_015 - 9_203);
}

#[test]
fn self_sponsored_authorization_uses_the_bumped_nonce() {
    // The sender's nonce is bumped before authorizations apply, so key 0 signs for nonce 1.
    let sender = address_of(0);
    let r = set_code_tx(&chain(false), 0, sender, vec![authorize(0, delegate(), 1, 1)]);
    assert_eq!(code_of(&r, sender), designator(delegate()));
    assert_eq!(r.state.accounts[&sender].nonce, 2);
    assert_eq!(r.output, sender.to_word().to_be_bytes::<32>().to_vec());
}

#[test]
fn delegation_survives_a_reverting_execution() {
    // D reverts this time: the transaction fails, the designator stays (and the refund still counts:
    // spent 46 000 + PUSH0 PUSH0 REVERT (4) → cap 9200).
    let mut chain = chain(false);
    chain.deploy(delegate(), Bytecode::new().revert(0, 0).into_vec());
    let r = set_code_tx(&chain, 0, address_of(1), vec![authorize(1, delegate(), 1, 0)]);
    assert_eq!(r.status, ExitStatus::Revert);
    assert_eq!(code_of(&r, address_of(1)), designator(delegate()));
    assert_eq!(r.gas_used, 46_004 - 9_200);
}

#[test]
fn authorization_to_the_zero_address_clears_the_delegation() {
    // TARGET has no code here: 46 000 spent, refund capped at 9200.
    let r = set_code_tx(&chain(true), 0, TARGET, vec![authorize(1, Address::ZERO, 1, 0)]);
    assert!(code_of(&r, address_of(1)).is_empty());
    assert_eq!(r.gas_used, 46_000 - 9_200);
    assert_eq!(r.state.accounts[&address_of(1)].nonce, 1);
}

/// TARGET calls the pre-delegated authority: CALL(50 000, authority, 0, 0, 0, 0, 32) (17 + memory 3),
/// then runs `rest`.
fn call_authority(chain: &mut Chain, rest: Bytecode) -> Executed {
    let code = Bytecode::new().call(50_000, address_of(1), 0, 0, 0, 0, 32).append(rest);
    exec_on(chain, code.into_vec(), vec![], 200_000)
}

#[test]
fn calling_a_delegated_account_pays_for_the_delegate_too() {
    // Cold authority 2600 + cold delegate 2600; D: 15; RETURN(0, 32): 5.
    let r = call_authority(&mut chain(true), Bytecode::new().op(POP).ret(0, 32));
    assert_eq!(r.output, address_of(1).to_word().to_be_bytes::<32>().to_vec());
    assert_eq!(r.gas_used, TX + 17 + 3 + 2 * COLD_ACCOUNT + 15 + 2 + 5);
}

#[test]
fn second_call_finds_both_warm() {
    // Again: arguments 17, warm 100 + 100, D 15; then RETURN (5).
    let again = Bytecode::new().op(POP).call(50_000, address_of(1), 0, 0, 0, 0, 32).op(POP).ret(0, 32);
    let r = call_authority(&mut chain(true), again);
    assert_eq!(r.gas_used, TX + 20 + 2 * COLD_ACCOUNT + 15 + 2 + 17 + 200 + 15 + 2 + 5);
}

#[test]
fn extcode_opcodes_see_the_designator() {
    // EXTCODESIZE (3 + 2600: the delegate is not touched), EXTCODEHASH (3 + 100), MSTOREs, and
    // EXTCODECOPY(authority, 64, 0, 23) (3 + 3 + 2 + 3 + 100 + 3 + memory to 3 words).
    let a = address_of(1);
    let code = Bytecode::new()
        .push(a)
        .op(EXTCODESIZE)
        .push(0)
        .op(MSTORE)
        .push(a)
        .op(EXTCODEHASH)
        .push(32)
        .op(MSTORE)
        .push(23)
        .push(0)
        .push(64)
        .push(a)
        .op(EXTCODECOPY)
        .ret(0, 87);
    let r = exec_on(&mut chain(true), code.into_vec(), vec![], 200_000);
    assert_eq!(r.output[..32], word(23u64));
    assert_eq!(r.output[32..64], keccak256(&designator(delegate())).0);
    assert_eq!(r.output[64..], designator(delegate()));
    let gas = (3 + COLD_ACCOUNT) + (2 + 3 + 3) + (3 + 100) + (3 + 3 + 3) + (3 + 2 + 3 + 3 + 100 + 3 + 3) + 5;
    assert_eq!(r.gas_used, TX + gas);
}

#[test]
fn delegation_to_a_precompile_runs_no_code() {
    // The delegate 0x04 (identity) is warm; its code is empty and precompiles are off: empty success.
    let mut chain = chain(false);
    chain.deploy(address_of(1), designator(Address::from_low_u64(4)));
    let code =
        Bytecode::new().mstore(0, 9).call(50_000, address_of(1), 0, 0, 32, 0, 0).op(POP).op(RETURNDATASIZE).ret_top();
    let r = exec_on(&mut chain, code.into_vec(), vec![], 200_000);
    assert_eq!(r.output, word(0u64));
    // MSTORE 11; CALL arguments 2 + 2 + 3 + 2 + 2 + 3 + 3 = 17; 2600 + 100; POP, RETURNDATASIZE, ret_top 14.
    assert_eq!(r.gas_used, TX + 11 + 17 + COLD_ACCOUNT + 100 + 14);
}

#[test]
fn delegation_is_not_followed_twice() {
    // Authority → B, B → D: calling the authority runs B's designator as code; 0xEF halts the callee,
    // which loses its 5000. CALL(5000, ...): 17 + 3 + 2600 + 2600.
    let b = Address::from_low_u64(0xB0B);
    let mut chain = chain(false);
    chain.deploy(address_of(1), designator(b)).deploy(b, designator(delegate()));
    let code = Bytecode::new().call(5_000, address_of(1), 0, 0, 0, 0, 32).ret_top();
    let r = exec_on(&mut chain, code.into_vec(), vec![], 200_000);
    assert_eq!(r.output, word(0u64));
    assert_eq!(r.gas_used, TX + 17 + 3 + 2 * COLD_ACCOUNT + 5_000 + 10);
}

#[test]
fn delegated_code_writes_the_authoritys_storage() {
    // D: SSTORE(0, 1) (5 + 22 100). A plain CALL to the authority writes the authority's slot.
    let mut chain = chain(true);
    chain.deploy(delegate(), Bytecode::new().sstore(0, 1).into_vec());
    let r = call_authority(&mut chain, Bytecode::new());
    assert_eq!(r.state.accounts[&address_of(1)].storage[&U256::ZERO], U256::from(1u8));
    assert!(r.state.accounts[&delegate()].storage.is_empty());
    assert_eq!(r.gas_used, TX + 17 + 3 + 2 * COLD_ACCOUNT + 5 + 22_100);
}

#[test]
fn delegated_account_can_still_send_transactions() {
    // EIP-3607 exempts designators: key 1, delegated, sends a plain call to D's ADDRESS reporter.
    let chain = chain(true);
    let r = run_tx(&chain, tx::call(1, 0, delegate(), vec![], U256::ZERO, 100_000));
    assert_eq!(r.gas_used, TX + 15);
}
