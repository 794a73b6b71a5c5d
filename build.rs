//! With the `split` feature on wasm, the page's binary is linked with its relocations kept
//! (`--emit-relocs`): wasm-split-cli needs them to cut the on-demand modules out
//! (scripts/split.mjs). Given to the final link only, so no dependency is rebuilt.
fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=scim-suite-runner=--emit-relocs");
    }
}
