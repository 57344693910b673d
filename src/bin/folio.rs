#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    folio::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
