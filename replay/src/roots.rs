//! The header commitments a replay recomputes from its own results: the receipts, transactions and
//! withdrawals tries (MPTs keyed by `rlp(index)`, through alloy-trie) and the EIP-2718 receipt encoding.

use alloy_consensus::{Eip658Value, Receipt as ConsensusReceipt, ReceiptEnvelope, ReceiptWithBloom, TxType as AlloyTxType};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Bloom, B256};
use alloy_rpc_types_eth::Withdrawal as AlloyWithdrawal;
use bootloader::Receipt;
use system_api::Withdrawal;
use transactions::TxType;

/// Our receipt as Ethereum encodes it (EIP-2718 envelope of `[status, cumulative gas, bloom, logs]`).
pub fn receipt_envelope(receipt: &Receipt) -> ReceiptEnvelope {
    let logs: Vec<alloy_primitives::Log> = receipt.logs.iter().cloned().map(Into::into).collect();
    let inner = ConsensusReceipt {
        status: Eip658Value::Eip658(receipt.success()),
        cumulative_gas_used: receipt.cumulative_gas_used,
        logs,
    };
    let with_bloom = ReceiptWithBloom { logs_bloom: Bloom::from(receipt.bloom().0), receipt: inner };
    let tx_type = match receipt.tx_type {
        TxType::Legacy => AlloyTxType::Legacy,
        TxType::Eip2930 => AlloyTxType::Eip2930,
        TxType::Eip1559 => AlloyTxType::Eip1559,
        TxType::Eip4844 => AlloyTxType::Eip4844,
        // Ethereum has no L1-priority type; the L1 rules reject it before it can have a receipt.
        TxType::Eip7702 | TxType::L1Priority => AlloyTxType::Eip7702,
    };
    ReceiptEnvelope::from_typed(tx_type, with_bloom)
}

/// `receiptsRoot` of `receipts`.
pub fn receipts_root(receipts: &[Receipt]) -> B256 {
    let envelopes: Vec<ReceiptEnvelope> = receipts.iter().map(receipt_envelope).collect();
    alloy_trie::root::ordered_trie_root_with_encoder(&envelopes, |r, buf| r.encode_2718(buf))
}

/// `transactionsRoot` of the transactions' EIP-2718 encodings.
pub fn transactions_root(transactions: &[Vec<u8>]) -> B256 {
    alloy_trie::root::ordered_trie_root_with_encoder(transactions, |tx, buf| buf.extend_from_slice(tx))
}

/// `withdrawalsRoot` of `withdrawals`.
pub fn withdrawals_root(withdrawals: &[Withdrawal]) -> B256 {
    let items: Vec<AlloyWithdrawal> = withdrawals
        .iter()
        .map(|w| AlloyWithdrawal {
            index: w.index,
            validator_index: w.validator_index,
            address: w.address.into(),
            amount: w.amount_gwei,
        })
        .collect();
    alloy_trie::root::ordered_trie_root(&items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_tries_have_the_empty_root() {
        let empty = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
        assert_eq!(receipts_root(&[]).to_string(), empty);
        assert_eq!(transactions_root(&[]).to_string(), empty);
        assert_eq!(withdrawals_root(&[]).to_string(), empty);
    }
}
