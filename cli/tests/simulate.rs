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

/// Ten rollup blocks as one batch through the batch program (`prover --features batch`): the simulator's
/// public input equals forward mode's.
#[test]
fn a_batch_of_ten_blocks_proves_in_the_simulator() {
    use primitives::{Address, U256};
    let chain = test_utils::Chain::new(primitives::Fork::Osaka);
    let blocks: Vec<_> = (0..10u64)
        .map(|i| {
            let mut context = chain.block.clone();
            context.number = 1 + i;
            context.timestamp = 1_000 + 12 * i;
            let txs = vec![
                test_utils::tx::transfer(0, i, Address::from_low_u64(0xbeef), U256::from(1_000 + i)),
                test_utils::tx::transfer(1, i, Address::from_low_u64(0xf00d + i), U256::from(7u8)),
            ];
            (context, txs)
        })
        .collect();
    let tree = Box::new(bootloader::proving::commit::state_tree(&chain.state));
    let batch = bootloader::proving::batch::run_chain_batch_with_witness::<bootloader::Rollup>(chain.state.clone(), tree, blocks, true)
        .expect("the batch runs");
    let elf = build_prover(zkos_cli::simulate::ProverChain::RollupBatch).expect("the batch prover builds");
    let image = load_image(&elf).expect("flat image");
    let report = zkos_cli::chain_prove::simulate_batch(&batch, &image).expect("simulation runs");
    assert_eq!(report.proving, Ok(batch.public_input));
    assert_eq!(report.blocks.len(), 10);
    assert!(report.blocks.iter().all(|(_, _, txs)| txs.len() == 2));
    let total: u64 = report.blocks.iter().map(|(_, c, _)| c.effective()).sum();
    assert!(total <= report.cycles.effective());
    // A forged transaction in block 6 changes the output or fails the run.
    let mut forged = batch.tape.clone();
    let offset = batch.offsets[5];
    let (_, start, len) = batch.blocks[5].segments.iter().copied().find(|(k, _, _)| *k == bootloader::proving::Segment::Transaction).unwrap();
    forged[offset + start + len - 1] ^= 0x100;
    let mut machine = simulator::Machine::new(&image).unwrap();
    let out = machine.run(&forged, zkos_cli::simulate::MAX_CYCLES).map(|r| r.output);
    assert_ne!(out.ok(), Some(batch.public_input));
}
