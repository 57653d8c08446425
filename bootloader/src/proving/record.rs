//! Forward mode's witness: an oracle that answers from the in-memory pre-state like [`ForwardOracle`] and
//! records every answer, with its Merkle proof against the pre-state tree, on the tape proving mode reads.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use primitives::{Address, B256, U256};
use system_api::{AccountRecord, BlockContext, Bytecode, Oracle, OracleError, Question};
use transactions::{Advice, Record};
use system_impl::{ForwardOracle, InMemoryState, PreState};
use tree::keys::{account_key, storage_key};
use tree::{Commitment, Layout, LayoutError, Revealed, StateTree};

use super::commit::{encode_block_context, hash_words, state_record, state_tree, state_tree_in, Accumulator};
use super::tape::TapeWriter;

/// What a stretch of the tape holds (for reports and for forging answers in tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// The pre-state commitment.
    PreState,
    /// The block context.
    BlockContext,
    /// A transaction's bytes (with its presence flag).
    Transaction,
    /// The Merkle proof of an account read.
    AccountProof,
    /// An account record preimage.
    AccountRecord,
    /// The Merkle proof of a storage read.
    StorageProof,
    /// A code preimage.
    Code,
    /// A block hash.
    BlockHash,
    /// The proofs of the leaves the block inserts.
    InsertionProofs,
    /// An answer to a question of the program (signature-recovery advice), checked where it is used.
    Advice,
}

/// A forward oracle that writes the witness tape as it answers.
pub struct RecordingOracle {
    inner: ForwardOracle<InMemoryState>,
    tree: Box<dyn StateTree + Send>,
    /// What proving mode's partial tree will know at each point, to cut proofs short (see [`Revealed`]).
    pub revealed: Revealed,
    pre: Commitment,
    /// The tape so far.
    pub tape: TapeWriter,
    records: BTreeMap<Address, [u8; tree::keys::RECORD_LEN]>,
    /// Hash of the block context.
    pub block_hash: B256,
    /// Running hash of transactions and block hashes (the same fold as proving mode's).
    pub inputs: Accumulator,
    /// Where each answer sits on the tape: (what, first word, word count).
    pub segments: Vec<(Segment, usize, usize)>,
}

impl RecordingOracle {
    /// An oracle over `state` for one block, its tree laid out densely ([`Layout::Dense`]); the tape starts
    /// with the pre-state commitment.
    pub fn new(block: BlockContext, transactions: Vec<Vec<u8>>, state: InMemoryState) -> Self {
        let tree = Box::new(state_tree(&state));
        Self::with_tree(block, transactions, state, tree)
    }

    /// [`RecordingOracle::new`] over a tree whose pre-state `layout` places; a scattered layout makes every
    /// proof on the tape as long as in a real chain's state. Fails when the layout has no room for the state.
    pub fn with_layout(
        block: BlockContext,
        transactions: Vec<Vec<u8>>,
        state: InMemoryState,
        layout: Layout,
    ) -> Result<Self, LayoutError> {
        let tree = state_tree_in(&state, layout)?;
        Ok(Self::with_tree(block, transactions, state, tree))
    }

    /// [`RecordingOracle::new`] over a tree the caller keeps across blocks (a batch: each block's pre-state
    /// tree is the previous block's post-state tree, leaf indexes and all).
    pub fn with_tree(
        block: BlockContext,
        transactions: Vec<Vec<u8>>,
        state: InMemoryState,
        mut tree: Box<dyn StateTree + Send>,
    ) -> Self {
        let pre = tree.commitment();
        let mut tape = TapeWriter::default();
        tape.b256(&pre.root);
        tape.u64(pre.next_free);
        let records = state.accounts.iter().map(|(a, acc)| (*a, state_record(acc).encode())).collect();
        RecordingOracle {
            inner: ForwardOracle::new(block, transactions, state),
            tree,
            revealed: Revealed::default(),
            pre,
            tape,
            records,
            block_hash: B256::ZERO,
            inputs: Accumulator::default(),
            segments: alloc::vec![(Segment::PreState, 0, 10)],
        }
    }

    /// Runs `write` and records the words it appended as one segment.
    pub fn segment(&mut self, kind: Segment, write: impl FnOnce(&mut TapeWriter)) {
        let start = self.tape.words.len();
        write(&mut self.tape);
        self.segments.push((kind, start, self.tape.words.len() - start));
    }

    /// The pre-state commitment.
    pub fn pre_commitment(&self) -> Commitment {
        self.pre
    }

    /// The pre-state tree (to apply the block's writes and append insertion proofs).
    pub fn tree_mut(&mut self) -> &mut dyn StateTree {
        &mut *self.tree
    }

    /// Gives back the pre-state, the tape and its segments.
    pub fn into_parts(self) -> (InMemoryState, TapeWriter, Vec<(Segment, usize, usize)>) {
        (self.inner.into_state(), self.tape, self.segments)
    }

    /// [`Self::into_parts`], and the tree (updated by the caller with the block's writes).
    pub fn into_parts_with_tree(
        self,
    ) -> (InMemoryState, TapeWriter, Vec<(Segment, usize, usize)>, Box<dyn StateTree + Send>) {
        (self.inner.into_state(), self.tape, self.segments, self.tree)
    }
}

impl Oracle for RecordingOracle {
    fn block_context(&mut self) -> Result<BlockContext, OracleError> {
        let block = self.inner.block_context()?;
        let mut encoded = TapeWriter::default();
        encode_block_context(&mut encoded, &block);
        self.block_hash = hash_words(&encoded.words);
        self.segment(Segment::BlockContext, |t| t.words.extend_from_slice(&encoded.words));
        Ok(block)
    }

    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError> {
        let tx = self.inner.next_transaction()?;
        match &tx {
            Some(bytes) => {
                self.segment(Segment::Transaction, |t| {
                    t.word(1);
                    t.bytes(bytes);
                });
                self.inputs.absorb(bytes);
            }
            None => self.segment(Segment::Transaction, |t| t.word(0)),
        }
        Ok(tx)
    }

    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError> {
        let record = self.inner.account(address)?;
        let mut proof = self.tree.read_proof(&account_key(address));
        self.revealed.trim_read(&mut proof);
        self.segment(Segment::AccountProof, |t| t.read_proof(&proof));
        if record.is_some() {
            let encoded = *self.records.get(address).ok_or(OracleError::Missing("account record"))?;
            self.segment(Segment::AccountRecord, |t| t.bytes(&encoded));
        }
        Ok(record)
    }

    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError> {
        let value = self.inner.storage(address, key)?;
        let mut proof = self.tree.read_proof(&storage_key(address, key));
        self.revealed.trim_read(&mut proof);
        self.segment(Segment::StorageProof, |t| t.read_proof(&proof));
        Ok(value)
    }

    fn code(&mut self, code_hash: &B256) -> Result<Bytecode, OracleError> {
        let code = self.inner.code(code_hash)?;
        self.segment(Segment::Code, |t| t.bytes(&code));
        Ok(code)
    }

    fn advise(&mut self, question: &Question) -> Result<Option<[u8; 32]>, OracleError> {
        // The answer the recovery would compute itself, so that proving mode can skip computing it.
        let mut compute = Record::default();
        let answer = match question {
            Question::Secp256k1Sqrt(a) => compute.sqrt(a),
            Question::Secp256k1ScalarInverse(r) => compute.scalar_inverse(r),
            Question::Secp256k1FieldInverse(z) => compute.field_inverse(z),
            Question::P256ScalarInverse(s) => zkos_p256::scalar_inverse(s),
        };
        self.segment(Segment::Advice, |t| match &answer {
            Some(answer) => {
                t.word(1);
                t.b256(&B256(*answer));
            }
            None => t.word(0),
        });
        Ok(answer)
    }

    fn gives_advice(&self) -> bool {
        true
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError> {
        let hash = self.inner.block_hash(number)?;
        self.segment(Segment::BlockHash, |t| t.b256(&hash));
        let mut item = [0u8; 40];
        item[..8].copy_from_slice(&number.to_le_bytes());
        item[8..].copy_from_slice(&hash.0);
        self.inputs.absorb(&item);
        Ok(hash)
    }
}

impl PreState for RecordingOracle {
    fn account(&self, address: &Address) -> Option<AccountRecord> {
        self.inner.state().account(address)
    }
    fn storage(&self, address: &Address, key: &U256) -> U256 {
        self.inner.state().storage(address, key)
    }
    fn code(&self, code_hash: &B256) -> Option<Bytecode> {
        self.inner.state().code(code_hash)
    }
    fn block_hash(&self, number: u64) -> B256 {
        self.inner.state().block_hash(number)
    }
}
