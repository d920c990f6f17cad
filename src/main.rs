// Parsing allocates many small nodes; mimalloc handles that pattern faster than the system
// allocator (measured in benches/scan.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    irsa_lint::cli::run(std::env::args_os().collect())
}
