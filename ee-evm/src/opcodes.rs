//! The opcode traits table: one row per opcode with its name, immediate size, stack inputs and outputs, and
//! static gas. Stack requirements and static gas are checked from this table before each body runs (by
//! `instructions::checked`, with the row's values as constants), so instruction bodies stay short (the
//! evmone habit).

/// Properties of one opcode.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// Mnemonic (`"UNDEFINED"` for unassigned bytes).
    pub name: &'static str,
    /// Bytes of immediate data after the opcode (PUSHn).
    pub immediate: u8,
    /// Stack items the opcode needs.
    pub inputs: u8,
    /// Stack items it leaves.
    pub outputs: u8,
    /// Gas charged before dispatch; dynamic parts are charged by the instruction.
    pub static_gas: u16,
    /// Whether the byte is an assigned opcode.
    pub defined: bool,
}

const UNDEFINED: OpInfo = OpInfo { name: "UNDEFINED", immediate: 0, inputs: 0, outputs: 0, static_gas: 0, defined: false };

const fn op(name: &'static str, inputs: u8, outputs: u8, static_gas: u16) -> OpInfo {
    OpInfo { name, immediate: 0, inputs, outputs, static_gas, defined: true }
}

macro_rules! opcodes {
    ($($byte:literal $name:ident $inputs:literal $outputs:literal $gas:literal;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`")]
            pub const $name: u8 = $byte;
        )*

        /// The traits of every opcode, indexed by byte.
        pub const OP_INFO: [OpInfo; 256] = {
            let mut table = [UNDEFINED; 256];
            $( table[$byte] = op(stringify!($name), $inputs, $outputs, $gas); )*
            let mut n = 1;
            while n <= 32 {
                table[0x5f + n] = OpInfo { immediate: n as u8, ..table[0x5f + n] };
                n += 1;
            }
            table
        };
    };
}

opcodes! {
    0x00 STOP 0 0 0;
    0x01 ADD 2 1 3;
    0x02 MUL 2 1 5;
    0x03 SUB 2 1 3;
    0x04 DIV 2 1 5;
    0x05 SDIV 2 1 5;
    0x06 MOD 2 1 5;
    0x07 SMOD 2 1 5;
    0x08 ADDMOD 3 1 8;
    0x09 MULMOD 3 1 8;
    0x0a EXP 2 1 10;
    0x0b SIGNEXTEND 2 1 5;
    0x10 LT 2 1 3;
    0x11 GT 2 1 3;
    0x12 SLT 2 1 3;
    0x13 SGT 2 1 3;
    0x14 EQ 2 1 3;
    0x15 ISZERO 1 1 3;
    0x16 AND 2 1 3;
    0x17 OR 2 1 3;
    0x18 XOR 2 1 3;
    0x19 NOT 1 1 3;
    0x1a BYTE 2 1 3;
    0x1b SHL 2 1 3;
    0x1c SHR 2 1 3;
    0x1d SAR 2 1 3;
    0x1e CLZ 1 1 5;
    0x20 KECCAK256 2 1 30;
    0x30 ADDRESS 0 1 2;
    0x31 BALANCE 1 1 0;
    0x32 ORIGIN 0 1 2;
    0x33 CALLER 0 1 2;
    0x34 CALLVALUE 0 1 2;
    0x35 CALLDATALOAD 1 1 3;
    0x36 CALLDATASIZE 0 1 2;
    0x37 CALLDATACOPY 3 0 3;
    0x38 CODESIZE 0 1 2;
    0x39 CODECOPY 3 0 3;
    0x3a GASPRICE 0 1 2;
    0x3b EXTCODESIZE 1 1 0;
    0x3c EXTCODECOPY 4 0 0;
    0x3d RETURNDATASIZE 0 1 2;
    0x3e RETURNDATACOPY 3 0 3;
    0x3f EXTCODEHASH 1 1 0;
    0x40 BLOCKHASH 1 1 20;
    0x41 COINBASE 0 1 2;
    0x42 TIMESTAMP 0 1 2;
    0x43 NUMBER 0 1 2;
    0x44 PREVRANDAO 0 1 2;
    0x45 GASLIMIT 0 1 2;
    0x46 CHAINID 0 1 2;
    0x47 SELFBALANCE 0 1 5;
    0x48 BASEFEE 0 1 2;
    0x49 BLOBHASH 1 1 3;
    0x4a BLOBBASEFEE 0 1 2;
    0x50 POP 1 0 2;
    0x51 MLOAD 1 1 3;
    0x52 MSTORE 2 0 3;
    0x53 MSTORE8 2 0 3;
    0x54 SLOAD 1 1 0;
    0x55 SSTORE 2 0 0;
    0x56 JUMP 1 0 8;
    0x57 JUMPI 2 0 10;
    0x58 PC 0 1 2;
    0x59 MSIZE 0 1 2;
    0x5a GAS 0 1 2;
    0x5b JUMPDEST 0 0 1;
    0x5c TLOAD 1 1 100;
    0x5d TSTORE 2 0 100;
    0x5e MCOPY 3 0 3;
    0x5f PUSH0 0 1 2;
    0x60 PUSH1 0 1 3;
    0x61 PUSH2 0 1 3;
    0x62 PUSH3 0 1 3;
    0x63 PUSH4 0 1 3;
    0x64 PUSH5 0 1 3;
    0x65 PUSH6 0 1 3;
    0x66 PUSH7 0 1 3;
    0x67 PUSH8 0 1 3;
    0x68 PUSH9 0 1 3;
    0x69 PUSH10 0 1 3;
    0x6a PUSH11 0 1 3;
    0x6b PUSH12 0 1 3;
    0x6c PUSH13 0 1 3;
    0x6d PUSH14 0 1 3;
    0x6e PUSH15 0 1 3;
    0x6f PUSH16 0 1 3;
    0x70 PUSH17 0 1 3;
    0x71 PUSH18 0 1 3;
    0x72 PUSH19 0 1 3;
    0x73 PUSH20 0 1 3;
    0x74 PUSH21 0 1 3;
    0x75 PUSH22 0 1 3;
    0x76 PUSH23 0 1 3;
    0x77 PUSH24 0 1 3;
    0x78 PUSH25 0 1 3;
    0x79 PUSH26 0 1 3;
    0x7a PUSH27 0 1 3;
    0x7b PUSH28 0 1 3;
    0x7c PUSH29 0 1 3;
    0x7d PUSH30 0 1 3;
    0x7e PUSH31 0 1 3;
    0x7f PUSH32 0 1 3;
    0x80 DUP1 1 2 3;
    0x81 DUP2 2 3 3;
    0x82 DUP3 3 4 3;
    0x83 DUP4 4 5 3;
    0x84 DUP5 5 6 3;
    0x85 DUP6 6 7 3;
    0x86 DUP7 7 8 3;
    0x87 DUP8 8 9 3;
    0x88 DUP9 9 10 3;
    0x89 DUP10 10 11 3;
    0x8a DUP11 11 12 3;
    0x8b DUP12 12 13 3;
    0x8c DUP13 13 14 3;
    0x8d DUP14 14 15 3;
    0x8e DUP15 15 16 3;
    0x8f DUP16 16 17 3;
    0x90 SWAP1 2 2 3;
    0x91 SWAP2 3 3 3;
    0x92 SWAP3 4 4 3;
    0x93 SWAP4 5 5 3;
    0x94 SWAP5 6 6 3;
    0x95 SWAP6 7 7 3;
    0x96 SWAP7 8 8 3;
    0x97 SWAP8 9 9 3;
    0x98 SWAP9 10 10 3;
    0x99 SWAP10 11 11 3;
    0x9a SWAP11 12 12 3;
    0x9b SWAP12 13 13 3;
    0x9c SWAP13 14 14 3;
    0x9d SWAP14 15 15 3;
    0x9e SWAP15 16 16 3;
    0x9f SWAP16 17 17 3;
    0xa0 LOG0 2 0 375;
    0xa1 LOG1 3 0 750;
    0xa2 LOG2 4 0 1125;
    0xa3 LOG3 5 0 1500;
    0xa4 LOG4 6 0 1875;
    0xf0 CREATE 3 1 32000;
    0xf1 CALL 7 1 0;
    0xf2 CALLCODE 7 1 0;
    0xf3 RETURN 2 0 0;
    0xf4 DELEGATECALL 6 1 0;
    0xf5 CREATE2 4 1 32000;
    0xfa STATICCALL 6 1 0;
    0xfd REVERT 2 0 0;
    0xfe INVALID 0 0 0;
    0xff SELFDESTRUCT 1 0 5000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_consistent() {
        assert_eq!(OP_INFO[PUSH32 as usize].immediate, 32);
        assert_eq!(OP_INFO[PUSH0 as usize].immediate, 0);
        assert_eq!(OP_INFO[DUP16 as usize].inputs, 16);
        assert_eq!(OP_INFO[SWAP16 as usize].outputs, 17);
        assert!(!OP_INFO[0x0c].defined);
        assert_eq!(OP_INFO[INVALID as usize].name, "INVALID");
        // INVALID is an assigned opcode that always halts.
        assert!(OP_INFO[INVALID as usize].defined);
    }
}
