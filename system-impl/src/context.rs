//! `ContextIo` for the System: block context from the oracle, transaction context from the bootloader.

use primitives::B256;
use system_api::{BlockContext, ContextIo, Oracle, Resources, SystemAllocator, SystemError, TxContext};

use crate::System;

impl<O: Oracle, A: SystemAllocator, R: Resources> ContextIo for System<O, A, R> {
    fn block(&self) -> &BlockContext {
        &self.block
    }

    fn tx(&self) -> &TxContext {
        &self.tx
    }

    fn set_tx(&mut self, tx: TxContext) {
        self.tx = tx;
        // A new transaction (or system call) starts: the access log is per transaction.
        if let Some(log) = &mut self.access_log {
            log.accounts.clear();
            log.slots.clear();
        }
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, SystemError> {
        Ok(self.oracle.block_hash(number)?)
    }
}
