//! The `gongzhi` command line: serve, migrate, seed, schema, token, documents.

use std::str::FromStr;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use sqlx::sqlite::SqliteConnectOptions;
use uuid::Uuid;

use crate::app::{Application, load_keys};
use crate::auth::{AreaGrant, Claims, Permission, Principal, Role, token};
use crate::config::{Config, DatabaseArgs, FileConfig, KeyArgs, Limits, ServeArgs};
use crate::db::Db;
use crate::graphql::schema::SchemaCheck;
use crate::graphql::trusted::DocumentId;
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
    /// Trusted documents (persisted operations) of partner clients.
    Documents {
        #[command(subcommand)]
        command: DocumentsCommand,
    },
}

/// What `gongzhi documents` does.
#[derive(Subcommand, Debug)]
pub enum DocumentsCommand {
    /// Register trusted documents (persisted operations) and print their ids.
    /// A `.json` FILE is a manifest of ids to texts, as graphql-codegen's
    /// `persistedDocuments` writes it (each id is checked against its text);
    /// any other FILE is one document.
    Add {
        /// The files to register.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The partner client that may run them (its `clientId`); without it
        /// they are registered for no client, and any signed-in user may send their ids.
        #[arg(long)]
        client: Option<Uuid>,
        #[command(flatten)]
        db: DatabaseArgs,
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
            let exporter = crate::telemetry::init(serve.log_json);
            let file = FileConfig::load(serve.config_file.as_deref())?;
            let config = Config {
                database: db,
                keys,
                bind: serve.bind,
                demo: serve.demo,
                graphiql: serve.graphiql || serve.demo,
                limits: serve.limits,
                file,
            };
            let served = match Application::build(config).await {
                Ok(app) => app.run_until_stopped().await,
                Err(e) => Err(e),
            };
            // The spans still in the batch are sent before the process ends.
            if let Some(exporter) = exporter {
                let flushed = tokio::task::spawn_blocking(move || exporter.shutdown()).await;
                if let Ok(Err(e)) = flushed {
                    tracing::warn!(error = %format!("{e:#}"), "the last spans were not exported");
                }
            }
            served?;
        }
        Command::Migrate { db } => {
            let _ = crate::telemetry::init(false);
            Db::connect(&db.database_url).await?.migrate().await?;
            println!("migrations applied");
        }
        Command::Seed { scale, db, keys } => {
            let _ = crate::telemetry::init(false);
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
            // The area first: a token that cannot be minted leaves no keys behind.
            let area = match area {
                None => None,
                Some(a) => Some(match Uuid::parse_str(&a) {
                    Ok(id) => id,
                    Err(_) => area_by_name(&db.database_url, &a).await?,
                }),
            };
            let config = config_for(db, keys);
            let (signing, _) = load_keys(&config)?;
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
                client: None,
            };
            println!("{}", token::mint(&signing, &claims)?);
        }
        Command::Documents { command: DocumentsCommand::Add { files, client, db } } => {
            add_documents(&files, client, &db.database_url).await?;
        }
    }
    Ok(())
}

/// The texts of `files`: a `.json` manifest's values (each id checked
/// against its text), or a whole file.
fn read_documents(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            let manifest: std::collections::BTreeMap<String, String> = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a manifest of ids to documents", file.display()))?;
            for (id, document) in manifest {
                if DocumentId::parse(&id) != Some(DocumentId::of(&document)) {
                    bail!("{}: {id:?} is not the SHA-256 of its document", file.display());
                }
                texts.push(document);
            }
        } else {
            texts.push(text);
        }
    }
    Ok(texts)
}

/// `gongzhi documents add`: the registration's rules and checks, run as the
/// operator of the database (an admin of every area).
async fn add_documents(files: &[std::path::PathBuf], client: Option<Uuid>, url: &str) -> anyhow::Result<()> {
    let texts = read_documents(files)?;
    let database = Db::connect(url).await.map_err(anyhow::Error::from).context("cannot open the database")?;
    database.migrate().await?;
    let operator = Principal {
        subject: "operator (gongzhi documents add)".to_owned(),
        roles: vec![Role::DistrictAdmin],
        area: Some(AreaGrant { id: Uuid::nil(), path: "/".to_owned() }),
        person: None,
        permissions: Vec::new(),
        client: None,
    };
    let check = SchemaCheck(crate::graphql::schema::schema(&Limits::default()));
    let client = client.map(crate::ids::PartnerClientId);
    let mut registered = Vec::new();
    for chunk in texts.chunks(crate::partners::model::MAX_DOCUMENTS_PER_CALL) {
        match crate::partners::service::register_documents(&database, &operator, client, chunk, &check).await
        {
            Ok(documents) => registered.extend(documents),
            Err(crate::Error::User(errors)) => {
                let lines: Vec<String> =
                    errors.iter().map(|e| format!("{}: {}", e.field.join("."), e.message)).collect();
                bail!("nothing more was registered:\n{}", lines.join("\n"))
            }
            Err(e) => return Err(anyhow::anyhow!("registering the documents failed: {e:?}")),
        }
    }
    database.close().await;
    for d in &registered {
        let names = d.operation_name_list();
        println!("{}\t{}", d.id, if names.is_empty() { "(anonymous)".to_owned() } else { names.join(", ") });
    }
    println!("{} documents registered", registered.len());
    Ok(())
}

/// What to do when `gongzhi token` finds no database to look an area up in.
const MIGRATE_FIRST: &str = "run `gongzhi migrate` (or `gongzhi serve`, which migrates) first, \
     or pass --database-url (or DATABASE_URL) of the server's database";

/// The id of the area named `name`, looked up in an existing, migrated
/// database: a missing SQLite file is not created.
async fn area_by_name(url: &str, name: &str) -> anyhow::Result<Uuid> {
    if url.starts_with("sqlite:") {
        let file = SqliteConnectOptions::from_str(url)?.get_filename().to_path_buf();
        if !file.is_file() {
            bail!("there is no database at {} to find the area {name:?} in: {MIGRATE_FIRST}", file.display());
        }
    }
    let database = Db::connect(url).await.map_err(anyhow::Error::from).context("cannot open the database")?;
    let found = match database.conn().await {
        Ok(mut conn) => crate::area::store::area_id_by_name(&mut conn, name).await,
        Err(e) => Err(e),
    };
    database.close().await;
    match found {
        Ok(Some(id)) => Ok(id.0),
        Ok(None) => bail!("no area is named {name:?}"),
        Err(e) if crate::db::is_missing_table(&e) => {
            bail!("the database has no tables yet, so no area {name:?}: {MIGRATE_FIRST}")
        }
        Err(e) => Err(anyhow::Error::from(e).context("cannot look the area up")),
    }
}

fn config_for(db: DatabaseArgs, keys: KeyArgs) -> Config {
    Config {
        database: db,
        keys,
        bind: "127.0.0.1:0".parse().expect("a valid address"),
        demo: false,
        graphiql: false,
        limits: Limits::default(),
        file: FileConfig::default(),
    }
}
