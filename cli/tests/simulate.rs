//! Every example block in both modes: forward on x86 and proving in the RISC-V simulator must produce the
//! same public input. Builds the proving program first (its own target directory).

use std::path::Path;

use zkos_cli::simulate::{build_prover, load_image, simulate_block};

#[test]
fn every_example_block_matches_in_both_modes() {
    let elf = build_prover(zkos_cli::simulate::ProverChain::Rollup).expect("the RISC-V prover builds");
    let image = load_image(&elf).expect("the prover follows the ABI layout");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blocks");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("examples/blocks").flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 5, "example blocks missing");
    // The cycle benchmarks' transactions come from these blocks (`benches/src/cycles.rs`).
    for name in ["eth-transfers.json", "erc20.json", "swap.json", "multi-ee.json"] {
        assert!(files.iter().any(|f| f.ends_with(name)), "{name} missing");
    }
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let block = zkos_cli::parse_block_file(&text).expect("valid block file");
        let report = simulate_block(&block, &image).expect("simulation runs");
        let name = file.file_name().unwrap_or_default().to_string_lossy().to_string();
        eprintln!(
            "{name}: match {} effective cycles {} ({} txs)",
            report.matches(),
            report.cycles.effective(),
            report.per_tx.len()
        );
        assert!(report.matches(), "{name}: {:?}", report.proving);
        assert_eq!(report.per_tx.len(), block.transactions.len(), "{name}: per-transaction cycles");
    }
}

#[test]
fn the_flat_image_fits_the_abi() {
    let elf = build_prover(zkos_cli::simulate::ProverChain::Rollup).expect("the RISC-V prover builds");
    let image = load_image(&elf).expect("flat image");
    assert!(image.len() <= 2 << 20, "ROM holds at most 2 MiB");
    // Entry at 0 is the program's `_start`: `la sp, _stack_top` begins with an AUIPC on sp (x2).
    let first = u32::from_le_bytes([image[0], image[1], image[2], image[3]]);
    assert_eq!(first & 0x7f, 0x17, "auipc");
    assert_eq!((first >> 7) & 0x1f, 2, "into sp");
}

/// Mainnet block 22244135 through the Ethereum L1 proving program, its pre-state at random leaves of a
/// 2^30-leaf tree: the simulator's public input equals forward mode's.
#[test]
fn mainnet_block_22244135_proves_in_the_simulator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet/22244135");
    if !dir.join("block.json").exists() {
        eprintln!("SKIP: {} not found; mainnet simulation not run", dir.display());
        return;
    }
    let input = zkos_replay::ReplayInput::load(&dir, None).expect("the dumps load");
    let elf = build_prover(zkos_cli::simulate::ProverChain::EthereumL1).expect("the Ethereum L1 prover builds");
    let image = load_image(&elf).expect("flat image");
    assert!(image.len() <= 2 << 20, "the Ethereum L1 image fits the ROM");
    let witnessed = bootloader::proving::run_chain_with_witness_in::<bootloader::EthereumL1>(
        zkos_cli::simulate::layout(30),
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
    )
    .expect("forward run with witness");
    assert_eq!(witnessed.run.output.gas_used, 9_145_346);
    let elf_bytes = std::fs::read(&elf).expect("elf");
    let report = zkos_cli::simulate::simulate_witnessed(witnessed, &image, Some(&elf_bytes)).expect("simulation runs");
    eprintln!("22244135: effective cycles {} ({:.2} per gas)", report.cycles.effective(), report.cycles.effective() as f64 / 9_145_346.0);
    assert!(report.matches(), "{:?}", report.proving);
    assert_eq!(report.per_tx.len(), 125);
    assert!(report.heap_peak.is_some_and(|h| h < 256 << 20), "heap {:?}", report.heap_peak);
}
