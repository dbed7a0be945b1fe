//! The `gongzhi` command line: serve, migrate, seed, schema, token.

use clap::{Parser, Subcommand, ValueEnum};
use uuid::Uuid;

use crate::app::{Application, load_keys};
use crate::auth::{Claims, Permission, Role, token};
use crate::config::{Config, DatabaseArgs, KeyArgs, Limits, ServeArgs};
use crate::db::Db;
use crate::seed::Scale;

#[derive(Parser, Debug)]
#[command(name = "gongzhi", version, about = "Gongzhi (共治): the smart-community GraphQL hub")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server (the default command).
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Load deterministic demo data into an empty database.
    Seed {
        #[arg(long, value_enum, default_value_t = ScaleArg::Article)]
        scale: ScaleArg,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Mint a signed token of the built-in issuer, for curl or GraphiQL.
    Token {
        /// Roles to grant (repeatable).
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<Role>,
        /// The area the roles apply in: its id or its exact name (e.g. 新庄孜街道).
        #[arg(long)]
        area: Option<String>,
        /// The caller's own person record (residents, party members).
        #[arg(long)]
        person: Option<Uuid>,
        /// Extra permissions (repeatable).
        #[arg(long = "permission", value_enum)]
        permissions: Vec<Permission>,
        /// The token's subject; defaults to the person or the role.
        #[arg(long)]
        subject: Option<String>,
        /// Lifetime in hours.
        #[arg(long, default_value_t = 8)]
        hours: i64,
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        keys: KeyArgs,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ScaleArg {
    /// The article's figures: 42 communities, 175 grids, ~20,000 residents.
    Article,
    /// Ten times the residents and members.
    Large,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = match cli.command {
        Some(c) => c,
        None => Cli::parse_from(["gongzhi", "serve"]).command.expect("serve parses"),
    };
    match command {
        Command::Serve { serve, db, keys } => {
            crate::telemetry::init(serve.log_json);
            let config =
                Config { database: db, keys, bind: serve.bind, demo: serve.demo, limits: serve.limits };
            Application::build(config).await?.run_until_stopped().await?;
        }
        Command::Migrate { db } => {
            crate::telemetry::init(false);
            Db::connect(&db.database_url).await?.migrate().await?;
            println!("migrations applied");
        }
        Command::Seed { scale, db, keys } => {
            crate::telemetry::init(false);
            let database = Db::connect(&db.database_url).await?;
            database.migrate().await?;
            let config = config_for(db, keys);
            let (_, data_key) = load_keys(&config)?;
            let scale = match scale {
                ScaleArg::Article => Scale::article(),
                ScaleArg::Large => Scale::large(),
            };
            let started = std::time::Instant::now();
            let counts = crate::seed::seed(&database, &data_key, &scale).await?;
            println!("seeded in {:.1} s: {counts}", started.elapsed().as_secs_f64());
        }
        Command::Schema => print!("{}", crate::graphql::schema::sdl()),
        Command::Token { roles, area, person, permissions, subject, hours, db, keys } => {
            let config = config_for(db, keys);
            let (signing, _) = load_keys(&config)?;
            let area = match area {
                None => None,
                Some(a) => Some(match Uuid::parse_str(&a) {
                    Ok(id) => id,
                    Err(_) => {
                        let database = Db::connect(&config.database.database_url).await?;
                        let mut conn = database.conn().await?;
                        crate::area::store::area_id_by_name(&mut conn, &a)
                            .await?
                            .ok_or_else(|| anyhow::anyhow!("no area is named {a:?}"))?
                            .0
                    }
                }),
            };
            let now = chrono::Utc::now().timestamp();
            let sub = subject
                .or(person.map(|p| p.to_string()))
                .unwrap_or_else(|| format!("{:?}", roles[0]).to_lowercase());
            let claims = Claims {
                iss: config.keys.issuer.clone(),
                aud: config.keys.audience.clone(),
                sub,
                iat: now,
                exp: now + hours * 3600,
                roles,
                area,
                person,
                permissions,
            };
            println!("{}", token::mint(&signing, &claims)?);
        }
    }
    Ok(())
}

fn config_for(db: DatabaseArgs, keys: KeyArgs) -> Config {
    Config {
        database: db,
        keys,
        bind: "127.0.0.1:0".parse().expect("a valid address"),
        demo: false,
        limits: Limits::default(),
    }
}
