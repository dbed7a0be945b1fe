use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    gongzhi_server::cli::run(gongzhi_server::cli::Cli::parse()).await
}
