//! The process the crash test kills: `chain-crash-child DIR apply|sequence` builds the drill chain
//! (`zkos_chain::drill`) in `DIR` block after block until it is killed. It prints nothing on success and
//! exits 1 with the error when the store refuses to open or a block fails.

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), mode) = (args.next(), args.next()) else {
        eprintln!("usage: chain-crash-child DIR [apply|sequence]");
        std::process::exit(2);
    };
    let sequence = mode.as_deref() == Some("sequence");
    if let Err(e) = zkos_chain::drill::run(&PathBuf::from(dir), sequence) {
        eprintln!("chain-crash-child: {e}");
        std::process::exit(1);
    }
}
