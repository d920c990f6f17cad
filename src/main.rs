fn main() -> std::process::ExitCode {
    irsa_lint::cli::run(std::env::args_os().collect())
}
