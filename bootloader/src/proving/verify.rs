//! Proving mode's oracle: reads answers from the tape and believes none of them until checked. Reads are
//! verified against the pre-state root through a [`PartialTree`], account records and code re-hashed, and
//! every input that cannot be checked here (transactions, block hashes) is folded into the public input.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use primitives::{Address, BlobSchedule, Fork, B256, U256};
use system_api::{Withdrawal, AccountRecord, BlockContext, Bytecode, EeType, Oracle, OracleError, Question};
use tree::blake2s::blake2s;
use tree::keys::{account_key, storage_key, AccountRecord as TreeRecord, RECORD_LEN};
use tree::{Commitment, PartialTree};

use super::commit::{encode_block_context, hash_words, Accumulator};
use super::tape::{TapeError, TapeSource, TapeWriter};

/// Largest transaction or code accepted from the tape (a bound on what a forged length can allocate).
const MAX_BLOB: usize = 1 << 20;

fn tape_error(e: TapeError) -> OracleError {
    match e {
        TapeError::Exhausted => OracleError::Missing("tape exhausted"),
        TapeError::Malformed(what) => OracleError::Rejected(what),
    }
}

fn tree_error(e: tree::TreeError) -> OracleError {
    match e {
        tree::TreeError::RootMismatch => OracleError::Rejected("Merkle proof does not match the state root"),
        tree::TreeError::MalformedProof => OracleError::Rejected("malformed Merkle proof"),
        tree::TreeError::WrongKey => OracleError::Rejected("proof for another key"),
        tree::TreeError::BadAbsenceProof => OracleError::Rejected("absence proof does not bracket the key"),
        tree::TreeError::NonEmptyFreeLeaf => OracleError::Rejected("non-empty leaf beyond the free index"),
        tree::TreeError::UnprovenKey => OracleError::Rejected("write to an unproven key"),
        tree::TreeError::MissingNode => OracleError::Rejected("missing tree node"),
    }
}

/// The verifying oracle over a tape.
pub struct TapeOracle<T: TapeSource> {
    tape: T,
    /// Verified tree fragments.
    pub tree: PartialTree,
    codes: BTreeMap<B256, (B256, u32)>,
    /// Hash of the block context.
    pub block_hash: B256,
    /// Running hash of transactions and block hashes.
    pub inputs: Accumulator,
    /// Running hash of the transactions alone (the chain header's `transactions_hash`).
    pub transactions_fold: Accumulator,
    /// Transactions read (the end marker not counted).
    pub transaction_count: u32,
    transactions: u32,
}

impl<T: TapeSource> TapeOracle<T> {
    /// Reads the pre-state commitment from the tape.
    pub fn new(mut tape: T) -> Result<Self, OracleError> {
        let root = tape.read_b256().map_err(tape_error)?;
        let next_free = tape.read_u64().map_err(tape_error)?;
        let tree = PartialTree::new(Commitment { root, next_free });
        Ok(TapeOracle {
            tape,
            tree,
            codes: BTreeMap::new(),
            block_hash: B256::ZERO,
            inputs: Accumulator::default(),
            transactions_fold: Accumulator::default(),
            transaction_count: 0,
            transactions: 0,
        })
    }

    /// The tape (the prover reads insertion proofs from it after the block).
    pub fn tape(&mut self) -> &mut T {
        &mut self.tape
    }

    fn read_block(&mut self) -> Result<BlockContext, TapeError> {
        let t = &mut self.tape;
        let fork = Fork::from_id(t.read_word()?).ok_or(TapeError::Malformed("fork"))?;
        let mut block = BlockContext {
            fork,
            chain_id: t.read_u64()?,
            number: t.read_u64()?,
            timestamp: t.read_u64()?,
            coinbase: t.read_address()?,
            gas_limit: t.read_u64()?,
            base_fee: t.read_u256()?,
            prev_randao: t.read_b256()?,
            excess_blob_gas: t.read_u64()?,
            blob_base_fee: t.read_u256()?,
            blob_schedule: BlobSchedule {
                target: t.read_u64()?,
                max: t.read_u64()?,
                base_fee_update_fraction: t.read_u64()?,
            },
            ..BlockContext::default()
        };
        block.parent_hash = t.read_b256()?;
        block.parent_beacon_block_root = match t.read_word()? {
            0 => None,
            1 => Some(t.read_b256()?),
            _ => return Err(TapeError::Malformed("beacon root tag")),
        };
        // No capacity from the count: a forged count must run out of tape, not exhaust memory.
        for _ in 0..t.read_word()? {
            block.withdrawals.push(Withdrawal {
                index: t.read_u64()?,
                validator_index: t.read_u64()?,
                address: t.read_address()?,
                amount_gwei: t.read_u64()?,
            });
        }
        Ok(block)
    }
}

impl<T: TapeSource> Oracle for TapeOracle<T> {
    fn block_context(&mut self) -> Result<BlockContext, OracleError> {
        let block = self.read_block().map_err(tape_error)?;
        let mut encoded = TapeWriter::default();
        encode_block_context(&mut encoded, &block);
        self.block_hash = hash_words(&encoded.words);
        Ok(block)
    }

    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError> {
        // Transaction boundaries are the natural phases to count cycles by.
        self.tape.marker(self.transactions);
        self.transactions += 1;
        match self.tape.read_word().map_err(tape_error)? {
            0 => Ok(None),
            1 => {
                let tx = self.tape.read_bytes(MAX_BLOB).map_err(tape_error)?;
                self.inputs.absorb(&tx);
                self.transactions_fold.absorb(&tx);
                self.transaction_count += 1;
                Ok(Some(tx))
            }
            _ => Err(OracleError::Rejected("transaction tag")),
        }
    }

    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError> {
        let proof = self.tape.read_read_proof().map_err(tape_error)?;
        let value = self.tree.read(&account_key(address), &proof).map_err(tree_error)?;
        let Some(value) = value.filter(|v| *v != B256::ZERO) else { return Ok(None) };
        let bytes = self.tape.read_bytes(RECORD_LEN).map_err(tape_error)?;
        let bytes: [u8; RECORD_LEN] = bytes.try_into().map_err(|_| OracleError::Rejected("account record length"))?;
        if B256(blake2s(&bytes)) != value {
            return Err(OracleError::Rejected("account record does not match its hash"));
        }
        let record = TreeRecord::decode(&bytes);
        self.codes.insert(record.keccak_code_hash, (record.blake_code_hash, record.code_len));
        Ok(Some(AccountRecord {
            nonce: record.nonce,
            balance: record.balance,
            code_hash: record.keccak_code_hash,
            ee_type: EeType(record.ee_type),
        }))
    }

    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError> {
        let proof = self.tape.read_read_proof().map_err(tape_error)?;
        let value = self.tree.read(&storage_key(address, key), &proof).map_err(tree_error)?;
        Ok(value.map(|v| v.to_word()).unwrap_or(U256::ZERO))
    }

    fn wants_transaction_hashes(&self) -> bool {
        false
    }

    fn code(&mut self, code_hash: &B256) -> Result<Bytecode, OracleError> {
        let (blake, len) = *self.codes.get(code_hash).ok_or(OracleError::Rejected("code of an unverified account"))?;
        let code = self.tape.read_bytes(len as usize).map_err(tape_error)?;
        if code.len() != len as usize || B256(blake2s(&code)) != blake {
            return Err(OracleError::Rejected("code does not match its hash"));
        }
        Ok(Bytecode::from(code))
    }

    fn advise(&mut self, _question: &Question) -> Result<Option<[u8; 32]>, OracleError> {
        // Unverified here: the asker checks the answer and computes the value when it is wrong.
        match self.tape.read_word().map_err(tape_error)? {
            0 => Ok(None),
            1 => Ok(Some(self.tape.read_b256().map_err(tape_error)?.0)),
            _ => Err(OracleError::Rejected("advice tag")),
        }
    }

    fn gives_advice(&self) -> bool {
        true
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError> {
        let hash = self.tape.read_b256().map_err(tape_error)?;
        let mut item = [0u8; 40];
        item[..8].copy_from_slice(&number.to_le_bytes());
        item[8..].copy_from_slice(&hash.0);
        self.inputs.absorb(&item);
        Ok(hash)
    }
}
