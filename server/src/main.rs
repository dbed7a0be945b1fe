use clap::Parser;

/// Errors are printed as their message and causes, without a backtrace:
/// they tell the user what went wrong and what to do.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match gongzhi_server::cli::run(gongzhi_server::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
