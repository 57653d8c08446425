//! Links the RISC-V program with its memory layout; other targets need nothing.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=link.x");
    if target.starts_with("riscv32") {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        println!("cargo:rustc-link-search={dir}");
        println!("cargo:rustc-link-arg=-Tlink.x");
    }
}
