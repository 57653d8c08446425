//! Benchmark inputs and runners shared by the criterion benches (and, later, a `zkos bench` command).
//!
//! Everything here builds the *same* call for zkos and for revm so the two can be timed side by side:
//!
//! - [`CallCase`]: one contract call over a pre-state (interpreter benches). [`interpreter_cases`] lists the
//!   standard set: revm's `revme bench` inputs (snailtracer, analysis, burntpix), the ipsilon main set
//!   (Prague-refilled state tests) and the ERC-20 BenchToken.
//! - zkos side: [`CallCase::l1_tx`] encodes the call as an unsigned L1 priority transaction (type `0x7f`:
//!   the sender is a field, so no signature recovery, like revm's benches), [`CallCase::signed_tx`] as a
//!   signed EIP-1559 one. [`zkos_execute`] runs a block through the real [`DefaultBootloader`] over a
//!   *borrowed* pre-state (no clone in the timed path) and returns the receipts and the block's state diff.
//! - revm side: [`RevmEvm`] is a revm mainnet EVM (Prague) over an in-memory `CacheDB` holding the same
//!   pre-state, with nonce checks off as in revm's own benches.
//! - [`TransferBlock`]: a block of N signed ERC-20 transfers from N distinct senders ([`erc20_block`]).
//!
//! Inputs are read from the shared fixture folder `evmbench/` (see [`evmbench_dir`]).

pub mod block;
pub mod call;
pub mod replay;
pub mod cycles;
mod error;

pub use error::BenchError;
use error::{ensure, fail};

pub use block::{balance_slot, block_key, erc20_block, recipient, transfer_calldata, TransferBlock, TRANSFER_FEE, TRANSFER_GAS_LIMIT};

use std::path::{Path, PathBuf};

use bootloader::{BlockError, BlockOutput, DefaultBootloader};
use primitives::{decode_hex, keccak256, Address, Fork, B256, U256};
use system_api::{AccountRecord, BlockContext, EeType, MeteredResources};
use system_impl::{ForwardOracle, InMemoryState, PreState, StateAccount, StateDiff, StdAllocator, System};
use transactions::{L1PriorityFields, Transaction, TxType};

use revm::context::{BlockEnv, TxEnv};
use revm::context_interface::result::ExecutionResult;
use revm::database::{CacheDB, EmptyDB};
use revm::handler::{MainnetContext, MainnetEvm};
use revm::primitives::hardfork::SpecId;
use revm::state::{AccountInfo, Bytecode};
use revm::{ExecuteCommitEvm, ExecuteEvm, MainBuilder};

/// revm's bench caller (`0xeeee…ee`).
pub const REVME_CALLER: Address = Address([0xee; 20]);
/// revm's bench target (`0xffff…ff`).
pub const REVME_TARGET: Address = Address([0xff; 20]);
/// Balance revm's `BenchmarkDB` gives the caller and the target (1e16 wei).
pub const REVME_BALANCE: u64 = 10_000_000_000_000_000;
/// The ERC-20 BenchToken's address in the shared state tests.
pub const TOKEN: Address = Address::from_low_u64(0x0e20e2);
/// The state tests' sender `a94f…0b`.
pub const STATE_TEST_SENDER: Address = Address([
    0xa9, 0x4f, 0x53, 0x74, 0xfc, 0xe5, 0xed, 0xbc, 0x8e, 0x2a, 0x86, 0x97, 0xc1, 0x53, 0x31, 0x67, 0x7e, 0x6e, 0xbf, 0x0b,
]);
/// The state tests' secret key (it controls [`STATE_TEST_SENDER`]).
pub const STATE_TEST_KEY: [u8; 32] = [
    0x45, 0xa9, 0x15, 0xe4, 0xd0, 0x60, 0x14, 0x9e, 0xb4, 0x36, 0x59, 0x60, 0xe6, 0xa7, 0xa4, 0x5f, 0x33, 0x43, 0x93, 0x09,
    0x30, 0x61, 0x11, 0x6b, 0x19, 0x7e, 0x32, 0x40, 0x06, 0x5f, 0xf2, 0xd8,
];

/// The ipsilon main set and the data index each bench uses (the heaviest input of each test).
pub const IPSILON_MAIN: [(&str, usize); 8] = [
    ("blake2b_huff", 1),      // 8415nulls
    ("blake2b_shifts", 0),    // 8415nulls
    ("sha1_divs", 1),         // 5311
    ("sha1_shifts", 1),       // 5311
    ("snailtracer", 0),       // benchmark
    ("structarray_alloc", 0), // nfts_rank
    ("swap_math", 0),         // spent
    ("weierstrudel", 1),      // 15
];

/// For the bench binaries: the value, or the error printed and the process ended with status 1. A bench
/// must neither run without its fixtures nor time a case zkos and revm disagree on.
pub fn or_exit<T>(result: Result<T, BenchError>) -> T {
    result.unwrap_or_else(|e| {
        eprintln!("zkos-benches: {e}");
        std::process::exit(1)
    })
}

/// The fixture folder: `$ZKOS_EVMBENCH_DIR`, else `shared/evmbench` next to the checkout (`../shared`
/// from the workspace root, as the sessions and CI lay it out).
pub fn evmbench_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ZKOS_EVMBENCH_DIR") {
        return PathBuf::from(dir);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    workspace.join("..").join("shared").join("evmbench")
}

fn read_text(path: &Path) -> Result<String, BenchError> {
    std::fs::read_to_string(path).map_err(|e| BenchError(format!("cannot read {}: {e}", path.display())))
}

fn read_hex(path: &Path) -> Result<Vec<u8>, BenchError> {
    decode_hex(read_text(path)?.trim()).map_err(|e| fail(format!("{}: bad hex", path.display()), e))
}

/// One contract call over a pre-state: what the interpreter benches run on both EVMs.
#[derive(Clone, Debug)]
pub struct CallCase {
    /// Bench name (the middle part of `interp/<name>/<evm>`).
    pub name: String,
    /// Block context (Prague).
    pub block: BlockContext,
    /// Pre-state (the callee's code and storage, the caller's account).
    pub pre: InMemoryState,
    /// Caller.
    pub caller: Address,
    /// Callee.
    pub to: Address,
    /// Calldata.
    pub data: Vec<u8>,
    /// Value sent.
    pub value: U256,
    /// Transaction gas limit (the block's gas limit is at least this).
    pub gas_limit: u64,
}

/// A Prague block for the revm-bench inputs: no base fee, big gas limit.
fn plain_block(gas_limit: u64) -> BlockContext {
    BlockContext {
        fork: Fork::Prague,
        chain_id: 1,
        number: 1,
        timestamp: 1,
        gas_limit,
        base_fee: U256::ZERO,
        blob_base_fee: U256::from(1u8),
        ..BlockContext::default()
    }
}

fn evm_account(balance: U256, code: Vec<u8>) -> StateAccount {
    // EeType(1) is the EVM (`ee_evm::EVM_EE_TYPE`).
    let ee_type = if code.is_empty() { EeType::NONE } else { EeType(1) };
    StateAccount { nonce: 0, balance, code, ee_type, storage: Default::default() }
}

/// A revm-bench style case: caller `0xeeee…ee`, code at `to`, both funded with 1e16 wei.
fn revme_case(name: &str, to: Address, code: Vec<u8>, data: Vec<u8>, gas_limit: u64) -> CallCase {
    let mut pre = InMemoryState::new();
    pre.insert_account(REVME_CALLER, evm_account(U256::from(REVME_BALANCE), Vec::new()));
    pre.insert_account(to, evm_account(U256::from(REVME_BALANCE), code));
    CallCase {
        name: name.to_string(),
        block: plain_block(gas_limit),
        pre,
        caller: REVME_CALLER,
        to,
        data,
        value: U256::ZERO,
        gas_limit,
    }
}

/// revm-bench `snailtracer.hex` with calldata `30627b7c` and 1e9 gas.
pub fn snailtracer_case() -> Result<CallCase, BenchError> {
    let code = read_hex(&evmbench_dir().join("revm-bench/snailtracer.hex"))?;
    Ok(revme_case("snailtracer", REVME_TARGET, code, vec![0x30, 0x62, 0x7b, 0x7c], 1_000_000_000))
}

/// revm-bench `analysis.hex` with calldata `8035F0CE` and revm's default gas limit (2^24).
pub fn analysis_case() -> Result<CallCase, BenchError> {
    let code = read_hex(&evmbench_dir().join("revm-bench/analysis.hex"))?;
    Ok(revme_case("analysis", REVME_TARGET, code, vec![0x80, 0x35, 0xf0, 0xce], 1 << 24))
}

/// The 4-byte selector of a function signature.
pub fn selector(signature: &str) -> [u8; 4] {
    let hash = keccak256(signature.as_bytes());
    [hash.0[0], hash.0[1], hash.0[2], hash.0[3]]
}

fn word(value: U256) -> [u8; 32] {
    value.to_be_bytes::<32>()
}

fn address_word(address: &Address) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[12..].copy_from_slice(&address.0);
    out
}

/// revm-bench burntpix: `run(uint32 seed = 0, uint256 iterations = 0x4E20)` on the main contract, with its
/// three helper contracts and storage (slot0 = four, slot1 = one, slot2 = three).
pub fn burntpix_case() -> Result<CallCase, BenchError> {
    let dir = evmbench_dir().join("revm-bench/burntpix");
    let addr = |hex: &str| Address::from_hex(hex).map_err(|e| fail(hex, e));
    let one = addr("0x0a743ba7304efcc9e384ece9be7631e2470e401e")?;
    let main = addr("0x49206861766520746f6f206d7563682074696d65")?;
    let three = addr("0xc917e98213a05d271adc5d93d2fee6c1f1006f75")?;
    let four = addr("0xf529c70db0800449ebd81fbc6e4221523a989f05")?;
    let gas_limit = 10_000_000_000;
    let mut data = selector("run(uint32,uint256)").to_vec();
    data.extend_from_slice(&word(U256::ZERO));
    data.extend_from_slice(&word(U256::from(0x4E20u64)));
    let mut case = revme_case("burntpix", main, read_hex(&dir.join("bytecode_two.hex"))?, data, gas_limit);
    for (address, file) in [(one, "bytecode_one.hex"), (three, "bytecode_three.hex"), (four, "bytecode_four.hex")] {
        case.pre.insert_account(address, evm_account(U256::ZERO, read_hex(&dir.join(file))?));
    }
    let mut account = case.pre.accounts.get(&main).cloned().unwrap_or_default();
    account.storage.insert(U256::ZERO, four.to_word());
    account.storage.insert(U256::from(1u8), one.to_word());
    account.storage.insert(U256::from(2u8), three.to_word());
    case.pre.insert_account(main, account);
    Ok(case)
}

/// A call built from a state-test fixture's transaction template (`data_index`), under Prague.
pub fn state_test_case(name: &str, path: &Path, data_index: usize) -> Result<CallCase, BenchError> {
    let tests = fixtures::statetest::parse_tests(&read_text(path)?, Fork::Prague).map_err(|e| fail(path.display(), e))?;
    let test = tests.into_iter().next().ok_or_else(|| BenchError(format!("{}: no Prague test", path.display())))?;
    let tx = &test.transaction;
    let field = |key: &str| tx.get(key).ok_or_else(|| BenchError(format!("{name}: no transaction.{key}")));
    let text = |v: Option<&serde_json::Value>| {
        v.and_then(|v| v.as_str()).map(str::to_string).ok_or_else(|| BenchError(format!("{name}: expected a string")))
    };
    let quantity = |v: Option<&serde_json::Value>| {
        let s = text(v)?;
        U256::from_str_radix(s.trim_start_matches("0x"), 16).map_err(|e| fail(format!("{name}: {s}"), e))
    };
    let data = decode_hex(&text(field("data")?.get(data_index))?).map_err(|e| fail(format!("{name}: data"), e))?;
    let gas_limit = quantity(field("gasLimit")?.get(0))?;
    ensure!(gas_limit <= U256::from(u64::MAX), "{name}: gas limit {gas_limit} does not fit 64 bits");
    let value = quantity(field("value")?.get(0))?;
    let to = Address::from_hex(&text(Some(field("to")?))?).map_err(|e| fail(format!("{name}: to"), e))?;
    let caller = Address::from_hex(&text(Some(field("sender")?))?).map_err(|e| fail(format!("{name}: sender"), e))?;
    let gas_limit = gas_limit.to::<u64>();
    Ok(CallCase { name: name.to_string(), block: test.block, pre: test.pre, caller, to, data, value, gas_limit })
}

/// One ipsilon main-set benchmark, from the Prague-refilled fixture.
pub fn ipsilon_case(test: &str, data_index: usize) -> Result<CallCase, BenchError> {
    let path = evmbench_dir().join("ipsilon-evm-benchmarks/refilled-prague").join(format!("{test}.json"));
    state_test_case(test, &path, data_index)
}

/// The ERC-20 BenchToken state test: data 0 is `transfer(0xbeef, 1000)` (51,173 gas), 1 is
/// `benchTransfers(500)`, 2 is `benchApproveTransferFrom(300)`.
pub fn erc20_case(data_index: usize) -> Result<CallCase, BenchError> {
    let names = ["erc20_transfer", "erc20_bench_transfers_500", "erc20_approve_transfer_from_300"];
    let name = names.get(data_index).ok_or_else(|| BenchError(format!("no ERC-20 case {data_index}")))?;
    state_test_case(name, &evmbench_dir().join("erc20/erc20_benchtoken_prague.json"), data_index)
}

/// Every interpreter bench case, in bench order.
pub fn interpreter_cases() -> Result<Vec<CallCase>, BenchError> {
    let mut cases = vec![snailtracer_case()?];
    for (test, index) in IPSILON_MAIN {
        let mut case = ipsilon_case(test, index)?;
        if test == "snailtracer" {
            case.name = "snailtracer_ipsilon".into();
        }
        cases.push(case);
    }
    cases.push(erc20_case(0)?);
    cases.push(erc20_case(1)?);
    cases.push(analysis_case()?);
    cases.push(burntpix_case()?);
    Ok(cases)
}

impl CallCase {
    /// The unsigned zkos transaction for this call: an L1 priority transaction (type `0x7f`) from
    /// [`Self::caller`], gas price zero, nothing minted. The bootloader takes its sender from the envelope,
    /// so no signature is recovered.
    pub fn l1_tx(&self) -> Vec<u8> {
        let tx = Transaction {
            tx_type: TxType::L1Priority,
            l1: Some(L1PriorityFields { from: self.caller, mint: U256::ZERO, serial_id: 0 }),
            to: Some(self.to),
            gas_limit: self.gas_limit,
            gas_price: 0,
            value: self.value,
            data: self.data.clone(),
            ..Transaction::default()
        };
        transactions::encode_transaction(&tx)
    }

    /// The call as a signed EIP-1559 transaction by `secret_key` (which must control [`Self::caller`]),
    /// paying the block's base fee.
    pub fn signed_tx(&self, secret_key: &[u8; 32], nonce: u64) -> Result<Vec<u8>, BenchError> {
        let fee = self.block.base_fee.to::<u128>();
        let tx = Transaction {
            tx_type: TxType::Eip1559,
            chain_id: Some(self.block.chain_id),
            nonce,
            gas_limit: self.gas_limit,
            gas_price: fee,
            max_priority_fee_per_gas: 0,
            to: Some(self.to),
            value: self.value,
            data: self.data.clone(),
            ..Transaction::default()
        };
        transactions::signing::sign_transaction(&tx, secret_key).map_err(|e| fail(format!("{}: cannot sign", self.name), e))
    }

    /// The revm transaction for this call (gas price zero, like [`Self::l1_tx`] and revm's benches).
    pub fn revm_tx(&self) -> TxEnv {
        TxEnv::builder()
            .caller(to_revm_address(&self.caller))
            .call(to_revm_address(&self.to))
            .data(self.data.clone().into())
            .value(to_revm_u256(&self.value))
            .gas_limit(self.gas_limit)
            .gas_price(0)
            .nonce(0)
            .chain_id(Some(self.block.chain_id))
            .build_fill()
    }

    /// A revm EVM over this case's pre-state (nonce checks off).
    /// The base fee is zero there: the call pays no gas price, as [`Self::l1_tx`] does on zkos.
    pub fn revm(&self) -> RevmEvm {
        let block = BlockContext { base_fee: U256::ZERO, ..self.block.clone() };
        revm_evm(&block, &self.pre, true)
    }

    /// Runs the call once on both EVMs and checks they agree on status and gas used; returns the gas used.
    /// Benches call this before timing so they never compare two different computations.
    pub fn check(&self) -> Result<u64, BenchError> {
        let name = &self.name;
        let (output, _) =
            zkos_execute(&self.block, &self.pre, vec![self.l1_tx()]).map_err(|e| fail(format!("{name}: zkos block failed"), e))?;
        let receipt = output
            .receipts
            .first()
            .ok_or_else(|| BenchError(format!("{name}: zkos rejected the transaction: {:?}", output.rejected)))?;
        let mut evm = self.revm();
        let result = revm_transact(&mut evm, self.revm_tx())?;
        ensure!(receipt.success() == result.is_success(), "{name}: zkos {:?}, revm {result:?}", receipt.status);
        ensure!(receipt.success(), "{name}: the call failed: {:?}", receipt.status);
        ensure!(receipt.gas_used == result.tx_gas_used(), "{name}: gas used differs (zkos {} vs revm {})", receipt.gas_used, result.tx_gas_used());
        if let Some(out) = result.output() {
            ensure!(receipt.output[..] == out[..], "{name}: return data differs");
        }
        // The call alone (the `interp` figures' zkos side) does the same work: same output, same gas.
        let (outcome, _) =
            call::zkos_call(self, call::execution_gas(self)).map_err(|e| fail(format!("{name}: zkos call failed"), e))?;
        ensure!(outcome.status.is_success(), "{name}: the call alone failed: {:?}", outcome.status);
        ensure!(outcome.output == receipt.output, "{name}: the call alone returned other data");
        ensure!(
            call::gas_used_as_transaction(self, &outcome.resources) == receipt.gas_used,
            "{name}: the call alone used other gas"
        );
        Ok(receipt.gas_used)
    }
}

/// A pre-state borrowed by the oracle, so a timed run does not clone it.
pub struct SharedState<'a>(pub &'a InMemoryState);

impl PreState for SharedState<'_> {
    fn account(&self, address: &Address) -> Option<AccountRecord> {
        self.0.account(address)
    }
    fn storage(&self, address: &Address, key: &U256) -> U256 {
        self.0.storage(address, key)
    }
    fn code(&self, code_hash: &B256) -> Option<system_api::Bytecode> {
        self.0.code(code_hash)
    }
    fn block_hash(&self, number: u64) -> B256 {
        self.0.block_hash(number)
    }
}

/// The forward System over a borrowed in-memory pre-state (same types as `ForwardSystem` otherwise).
pub type SharedSystem<'a> = System<ForwardOracle<SharedState<'a>>, StdAllocator, MeteredResources>;

/// Runs `txs` as one block through the default bootloader over `pre` (borrowed) and returns the block
/// output and its state diff. This is `bootloader::run_forward` without cloning the pre-state and without
/// applying the diff to a post-state.
pub fn zkos_execute(block: &BlockContext, pre: &InMemoryState, txs: Vec<Vec<u8>>) -> Result<(BlockOutput, StateDiff), BlockError> {
    let oracle = ForwardOracle::new(block.clone(), txs, SharedState(pre));
    let mut sys: SharedSystem<'_> = System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let output = DefaultBootloader::run_block(&mut sys)?;
    let diff = sys.state_diff();
    Ok((output, diff))
}

/// The revm EVM the benches use: mainnet, Prague, over an in-memory `CacheDB`.
pub type RevmEvm = MainnetEvm<MainnetContext<CacheDB<EmptyDB>>>;

/// A zkos address as revm's.
pub fn to_revm_address(address: &Address) -> revm::primitives::Address {
    revm::primitives::Address::from(address.0)
}

/// A zkos word as revm's.
pub fn to_revm_u256(value: &U256) -> revm::primitives::U256 {
    revm::primitives::U256::from_be_bytes(value.to_be_bytes::<32>())
}

/// The same pre-state as a revm `CacheDB` (code analysed once here, as revm does on insert).
pub fn revm_db(pre: &InMemoryState) -> CacheDB<EmptyDB> {
    let mut db = CacheDB::new(EmptyDB::default());
    for (address, account) in &pre.accounts {
        let mut info = AccountInfo::default().with_balance(to_revm_u256(&account.balance)).with_nonce(account.nonce);
        if !account.code.is_empty() {
            info = info.with_code(Bytecode::new_raw(account.code.clone().into()));
        }
        let address = to_revm_address(address);
        db.insert_account_info(address, info);
        for (key, value) in &account.storage {
            db.insert_account_storage(address, to_revm_u256(key), to_revm_u256(value))
                .unwrap_or_else(|e| match e {});
        }
    }
    for (number, hash) in &pre.block_hashes {
        db.cache.block_hashes.insert(revm::primitives::U256::from(*number), revm::primitives::B256::from(hash.0));
    }
    db
}

/// A revm mainnet EVM under Prague with `block`'s environment over `pre`. `nonce_checks_off` mirrors
/// revm's own benches (`disable_nonce_check`), so a call can be replayed.
pub fn revm_evm(block: &BlockContext, pre: &InMemoryState, nonce_checks_off: bool) -> RevmEvm {
    let block_env = BlockEnv {
        number: revm::primitives::U256::from(block.number),
        beneficiary: to_revm_address(&block.coinbase),
        timestamp: revm::primitives::U256::from(block.timestamp),
        gas_limit: block.gas_limit,
        basefee: block.base_fee.to::<u64>(),
        prevrandao: Some(revm::primitives::B256::from(block.prev_randao.0)),
        ..BlockEnv::default()
    };
    MainnetContext::new(revm_db(pre), SpecId::PRAGUE)
        .with_block(block_env)
        .modify_cfg_chained(|cfg| {
            cfg.chain_id = block.chain_id;
            cfg.disable_nonce_check = nonce_checks_off;
        })
        .build_mainnet()
}

/// `transact` (execute and finalize, no commit): what revm's interpreter benches time.
pub fn revm_transact(evm: &mut RevmEvm, tx: TxEnv) -> Result<ExecutionResult, BenchError> {
    evm.transact(tx).map(|out| out.result).map_err(|e| fail("revm transaction failed", e))
}

/// `transact_commit`: execute and commit to the `CacheDB`.
pub fn revm_transact_commit(evm: &mut RevmEvm, tx: TxEnv) -> Result<ExecutionResult, BenchError> {
    evm.transact_commit(tx).map_err(|e| fail("revm transaction failed", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures live outside the repository; without them the tests say so and pass.
    fn have_fixtures() -> bool {
        let present = evmbench_dir().join("erc20/BenchToken.runtime.hex").exists();
        if !present {
            eprintln!("SKIP: no evmbench fixtures at {} (set ZKOS_EVMBENCH_DIR)", evmbench_dir().display());
        }
        present
    }

    #[test]
    fn erc20_transfer_agrees_with_revm() {
        if have_fixtures() {
            assert_eq!(erc20_case(0).and_then(|case| case.check()), Ok(51_173));
        }
    }

    #[test]
    fn small_ipsilon_cases_agree_with_revm() {
        if !have_fixtures() {
            return;
        }
        for (test, index) in [("structarray_alloc", 0), ("swap_math", 0), ("sha1_shifts", 0)] {
            if let Err(e) = ipsilon_case(test, index).and_then(|case| case.check()) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn small_block_is_all_included() {
        if !have_fixtures() {
            return;
        }
        let gas = match erc20_block(8).and_then(|block| block.check()) {
            Ok(gas) => gas,
            Err(e) => panic!("{e}"),
        };
        assert!(gas > 8 * 50_000 && gas < 8 * 52_000, "{gas}");
    }
}
