//! `zkos run` reports the post-block state commitment and the block's public input; pinned for the ERC-20
//! example so any change to the tree, the tape or the public-input formula is noticed.

use std::path::Path;

#[test]
fn run_reports_commitment_and_public_input() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blocks/erc20.json");
    let (_, json, summary) = zkos_cli::run::run_block_file(&path, None).expect("the example runs");
    assert_eq!(json["stateCommitment"]["root"], "0x3c33964e84b2c1f6ec858dcdc19ac8a3102a82ab795b8e9adf24dabd5203cb09");
    assert_eq!(json["stateCommitment"]["nextFreeIndex"], 10);
    assert_eq!(json["publicInput"], "0x7d536b9a68526802605bf385e0d67bd5e7057ccaacc846b001971d486ddcec29");
    assert_ne!(json["preStateCommitment"]["root"], json["stateCommitment"]["root"]);
    assert!(summary.contains("public input 0x7d536b9a"));
}
