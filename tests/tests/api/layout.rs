//! The server's layout, read from its source: no import circle among its
//! files, domains import only downwards, the toolkit imports no domain, only
//! the top imports the schema assembly, and SQL is written only in stores.
//!
//! The source is lexed with `proc-macro2`, so comments, doc comments and
//! string literals (SQL included) are never mistaken for code. Then every
//! path is followed to the file that holds what it names: `use` trees,
//! grouped or not; paths written inline, through the names a `use` or a `mod`
//! brought in (`use crate::{area, party};` then `area::query::AreaQuery`);
//! `$crate::` paths in macro bodies; and calls of the crate's own macros.
//! A path ends in the longest module it names (`a/b/c.rs`, `a/b/c/mod.rs`,
//! `a/b.rs`, ...), or goes on through that module's own `use` when it
//! names an item re-exported there (`crate::Error` is in `error.rs`, not
//! `lib.rs`; `crate::list_loader` is wherever that macro is defined).
//!
//! Like `pub mod x;`, a `pub use` of the module's own children's items that
//! the module does not use itself is its public face, not an import (else
//! every `mod.rs` re-exporting a child that uses the parent's types would
//! make a circle); it still is one when the module uses the name, or when it
//! re-exports from anywhere but below itself.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The domains, lowest first: a domain may import only from itself and the
/// domains before it. A new domain is one more name at its place here.
const DOMAINS: &[&str] =
    &["area", "people", "party", "booking", "services", "home_visits", "facilities", "partners"];

/// The toolkit and the layers under it (a folder ends in `/`): they serve
/// every domain, so they may know none.
const TOOLKIT: &[&str] = &["graphql/", "db/", "auth/", "ids.rs", "error.rs", "config.rs", "telemetry.rs"];

/// The one toolkit file that puts the domains together into a schema...
const ASSEMBLY: &str = "graphql/schema.rs";

/// ...and the top files, the only ones that may import it: anything lower
/// would know every domain through it.
const ASSEMBLY_USERS: &[&str] = &["app.rs", "cli.rs"];

/// Where query text may be written: the stores, the database layer and the
/// seeder. Everything else asks a store.
fn may_hold_sql(file: &str) -> bool {
    file == "store.rs" || file.ends_with("/store.rs") || file.starts_with("db/") || file.starts_with("seed/")
}

/// sqlx's ways in for query text, as full paths after `use`s are followed:
/// `sqlx::query*(..)` and `sqlx::query*!(..)`, `sqlx::raw_sql`, and a new
/// `sqlx::QueryBuilder`. (`sqlx::query::Query`, a type, is not query text.)
fn is_query_text(path: &[String]) -> bool {
    match path {
        [sqlx, f] => sqlx == "sqlx" && (f.starts_with("query") || f == "raw_sql"),
        [sqlx, builder, new] => {
            sqlx == "sqlx" && builder == "QueryBuilder" && (new == "new" || new == "with_arguments")
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// The checks

#[test]
fn no_import_circle_among_the_servers_files() {
    let layout = layout();
    let circles: Vec<String> = layout.circles().iter().map(|c| layout.describe_circle(c)).collect();
    assert!(
        circles.is_empty(),
        "{} import circle(s) among server/src's files. The files of a circle each reach all the others \
         through their imports, so no layer is below another; break it by moving what the lower file \
         needs down to it (or lower):\n\n{}",
        circles.len(),
        circles.join("\n\n")
    );
}

#[test]
fn domains_import_only_downwards() {
    let layout = layout();
    let faults = layout.faults(|from, to| match (domain_of(from), domain_of(to)) {
        (Some(a), Some(b)) if b > a => {
            Some(format!("{from} (domain `{}`) imports {to} (domain `{}`, above it)", DOMAINS[a], DOMAINS[b]))
        }
        _ => None,
    });
    assert!(
        faults.is_empty(),
        "a domain may import only from itself and the domains before it in DOMAINS ({}):\n\n{}",
        DOMAINS.join(" ← "),
        faults.join("\n\n")
    );
}

#[test]
fn the_toolkit_imports_no_domain() {
    let layout = layout();
    let faults = layout.faults(|from, to| match domain_of(to) {
        Some(d) if in_toolkit(from) => {
            Some(format!("{from} (toolkit) imports {to} (domain `{}`)", DOMAINS[d]))
        }
        _ => None,
    });
    assert!(
        faults.is_empty(),
        "the toolkit ({}, all but {ASSEMBLY}) serves every domain and may import none:\n\n{}",
        TOOLKIT.join(", "),
        faults.join("\n\n")
    );
}

#[test]
fn only_the_top_imports_the_assembly() {
    let layout = layout();
    let faults = layout.faults(|from, to| {
        (to == ASSEMBLY && !ASSEMBLY_USERS.contains(&from)).then(|| format!("{from} imports {to}"))
    });
    assert!(
        faults.is_empty(),
        "{ASSEMBLY} knows every domain; only {} may import it:\n\n{}",
        ASSEMBLY_USERS.join(" and "),
        faults.join("\n\n")
    );
}

#[test]
fn sql_is_written_only_in_stores() {
    let layout = layout();
    let faults: Vec<String> = layout
        .query_text
        .iter()
        .filter(|&&(file, _)| !may_hold_sql(&layout.source.files[file].name))
        .map(|&(file, line)| format!("  {}", layout.source.cite(file, line)))
        .collect();
    assert!(
        faults.is_empty(),
        "query text (sqlx::query*, sqlx::QueryBuilder::new, ...) belongs in a `store.rs`, `db/` or \
         `seed/`; these lines write it elsewhere:\n{}",
        faults.join("\n")
    );
}

/// The checks above pass trivially on a reader that sees nothing, so the
/// reader is checked too, on a small crate with each kind of path in it.
#[test]
fn the_reader_follows_every_kind_of_path() {
    let source = Source::read(vec![
        ("lib.rs", "pub mod a; pub mod b; pub mod m; pub use a::Thing;"),
        (
            "a/mod.rs",
            "pub mod store; pub use store::get; pub struct Thing; // use crate::b;\nfn again() { get() }",
        ),
        ("a/store.rs", "pub fn get() { let _ = \"crate::m::x()\"; sqlx::QueryBuilder::<Db>::new(\"\"); }"),
        (
            "b.rs",
            "use crate::{a, m};\nfn f() { a::store::get(); }\nmod tests { use super::*; }\n\
             fn g() -> crate::Thing { sqlx::query_scalar::<_, i64>(\"\"); m!(); None::<crate::a::store::Row> }",
        ),
        (
            "m.rs",
            "#[macro_export] macro_rules! m { () => { $crate::a::Thing } }\npub use crate::a::Thing;\n\
             #[graphql(complexity = \"crate::b::cost(n)\", desc = \"not crate::a\")] fn z() {}",
        ),
        ("main.rs", "fn main() { gongzhi_server::b::f() }"),
    ]);
    let layout = Layout::of(source);
    let name = |f: usize| layout.source.files[f].name.as_str();
    let edges: BTreeMap<String, Vec<usize>> = layout
        .edges
        .iter()
        .map(|(&(from, to), lines)| {
            (format!("{} -> {}", name(from), name(to)), lines.iter().copied().collect())
        })
        .collect();
    // None from lib.rs: its `pub mod`s declare, its `pub use a::Thing` is only its face.
    let expected = [
        ("a/mod.rs -> a/store.rs", vec![1]), // it re-exports `get`, and calls it
        ("b.rs -> a/mod.rs", vec![1, 4]),    // the grouped `use`; `crate::Thing`, re-exported by lib.rs
        ("b.rs -> a/store.rs", vec![2, 4]),  // `a::store::get()` through the grouped `use`; in a turbofish
        ("b.rs -> m.rs", vec![1, 4]),        // `use crate::{.., m}`; the call `m!()`
        ("m.rs -> a/mod.rs", vec![1, 2]),    // `$crate::a::Thing` in the macro; a re-export from aside
        ("m.rs -> b.rs", vec![3]),           // code in an attribute's string (not prose in `desc`)
        ("main.rs -> b.rs", vec![1]),        // the binary reaches the library by its name
    ];
    let expected: BTreeMap<String, Vec<usize>> =
        expected.into_iter().map(|(e, l)| (e.to_string(), l)).collect();
    assert_eq!(edges, expected);
    let sql: Vec<(&str, usize)> = layout.query_text.iter().map(|&(f, l)| (name(f), l)).collect();
    assert_eq!(sql, [("a/store.rs", 1), ("b.rs", 4)]);
}

fn domain_of(file: &str) -> Option<usize> {
    DOMAINS
        .iter()
        .position(|d| file.strip_prefix(d).is_some_and(|rest| rest == ".rs" || rest.starts_with('/')))
}

fn in_toolkit(file: &str) -> bool {
    file != ASSEMBLY
        && TOOLKIT.iter().any(|t| if t.ends_with('/') { file.starts_with(t) } else { file == *t })
}

/// The server's source, read once for all the checks.
fn layout() -> &'static Layout {
    static LAYOUT: OnceLock<Layout> = OnceLock::new();
    LAYOUT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
        let mut files = Vec::new();
        collect_rs_files(&root, &root, &mut files);
        let layout = Layout::of(Source::read(files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect()));
        // A reader that found nothing would pass every check: make sure it saw the tree.
        for expected in ["lib.rs", "app.rs", ASSEMBLY].into_iter().chain(DOMAINS.iter().copied()) {
            let found = layout
                .source
                .files
                .iter()
                .any(|f| f.name == expected || f.name.starts_with(&format!("{expected}/")));
            assert!(
                found,
                "{} holds no {expected}: is the layout test reading the right folder?",
                root.display()
            );
        }
        assert!(!layout.edges.is_empty(), "no import found in {}", root.display());
        layout
    })
}

/// Every `.rs` file under `dir`, named by its path from `root` with `/`.
fn collect_rs_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("read a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rs_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path.strip_prefix(root).unwrap().components().map(|c| c.as_os_str().to_string_lossy());
            let name = name.collect::<Vec<_>>().join("/");
            let text =
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            out.push((name, text));
        }
    }
}

// ---------------------------------------------------------------------------
// The graph: which file imports which, and from which lines

struct Layout {
    source: Source,
    /// (importer, imported) → the importer's lines that do it. Never a file to itself.
    edges: BTreeMap<(usize, usize), BTreeSet<usize>>,
    /// (file, line) of each mention of query text.
    query_text: Vec<(usize, usize)>,
}

impl Layout {
    fn of(source: Source) -> Layout {
        let mut edges: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
        let mut query_text = Vec::new();
        for mention in &source.mentions {
            match source.target(mention) {
                Some(Target::File(to)) if to != mention.file && !source.is_facade(mention, to) => {
                    edges.entry((mention.file, to)).or_default().insert(mention.line);
                }
                Some(Target::Outside(path)) if is_query_text(&path) => {
                    query_text.push((mention.file, mention.line))
                }
                _ => {}
            }
        }
        query_text.dedup();
        Layout { source, edges, query_text }
    }

    fn name(&self, file: usize) -> &str {
        &self.source.files[file].name
    }

    /// One entry per import edge that `judge` finds at fault (it gets both
    /// files' names and says what is wrong), with the lines that make it.
    fn faults(&self, judge: impl Fn(&str, &str) -> Option<String>) -> Vec<String> {
        let mut faults = Vec::new();
        for (&(from, to), lines) in &self.edges {
            if let Some(verdict) = judge(self.name(from), self.name(to)) {
                faults.push(format!("{verdict}:\n{}", self.cite_all(from, lines)));
            }
        }
        faults
    }

    fn cite_all(&self, file: usize, lines: &BTreeSet<usize>) -> String {
        lines.iter().map(|&l| format!("    {}", self.source.cite(file, l))).collect::<Vec<_>>().join("\n")
    }

    fn imports(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.range((from, 0)..(from + 1, 0)).map(|(&(_, to), _)| to)
    }

    /// The strongly connected components of more than one file. With a few
    /// dozen files, "a and b reach each other" is quick and plainly right.
    fn circles(&self) -> Vec<Vec<usize>> {
        let n = self.source.files.len();
        let reach: Vec<BTreeSet<usize>> = (0..n).map(|f| self.reachable_from(f)).collect();
        let mut placed = vec![false; n];
        let mut circles = Vec::new();
        for a in 0..n {
            let circle: Vec<usize> =
                (0..n).filter(|&b| b == a || (reach[a].contains(&b) && reach[b].contains(&a))).collect();
            if !placed[a] && circle.len() > 1 {
                circle.iter().for_each(|&f| placed[f] = true);
                circles.push(circle);
            }
        }
        circles
    }

    fn reachable_from(&self, start: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<usize> = self.imports(start).collect();
        while let Some(f) = todo.pop() {
            if seen.insert(f) {
                todo.extend(self.imports(f));
            }
        }
        seen
    }

    /// The files of a circle, a shortest loop through the first (the
    /// quickest way to see it), then every import inside it with its lines.
    fn describe_circle(&self, circle: &[usize]) -> String {
        let names: Vec<&str> = circle.iter().map(|&f| self.name(f)).collect();
        let shortest: Vec<&str> = self.shortest_loop(circle).iter().map(|&f| self.name(f)).collect();
        let mut out =
            format!("circle of {}: {}\n  e.g. {}", circle.len(), names.join(", "), shortest.join(" → "));
        for (&(from, to), lines) in &self.edges {
            if circle.contains(&from) && circle.contains(&to) {
                out += &format!(
                    "\n  {} imports {}:\n{}",
                    self.name(from),
                    self.name(to),
                    self.cite_all(from, lines)
                );
            }
        }
        out
    }

    /// Breadth first from the circle's first file back to itself, inside the circle.
    fn shortest_loop(&self, circle: &[usize]) -> Vec<usize> {
        let start = circle[0];
        let mut came_from: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(f) = queue.pop_front() {
            for to in self.imports(f).filter(|t| circle.contains(t)) {
                if to == start {
                    let mut path = vec![start, f];
                    while let Some(&prev) = came_from.get(path.last().unwrap()) {
                        path.push(prev);
                    }
                    path.reverse();
                    return path;
                }
                if let Entry::Vacant(e) = came_from.entry(to) {
                    e.insert(f);
                    queue.push_back(to);
                }
            }
        }
        unreachable!("a circle loops")
    }
}

// ---------------------------------------------------------------------------
// The source: files, their modules, and every path they mention

/// A module's path from the crate root: `[]` for `lib.rs`, `["graphql",
/// "http"]` for `graphql/http.rs`, `["error", "code"]` for `mod code {..}`
/// in `error.rs`.
type ModPath = Vec<String>;

/// `main.rs` is the binary's own root; it reaches the library by name
/// (`gongzhi_server::`), and no path can name it.
const MAIN: &str = "<main>";

/// Attribute keys whose string a derive reads as Rust
/// (`#[graphql(complexity = "crate::graphql::relay::page_cost(..)")]`,
/// `#[serde(skip_serializing_if = "Option::is_none")]`): the paths in those
/// strings are read like any other. Prose and names (`desc`, `rename`) are not.
const CODE_IN_STRINGS: &[&str] = &[
    "bound",
    "complexity",
    "custom",
    "default",
    "default_with",
    "deserialize_with",
    "from",
    "guard",
    "into",
    "process_with",
    "serialize_with",
    "skip_serializing_if",
    "try_from",
    "ty",
    "visible",
    "with",
];

/// Deep enough for any chain of `use`s; stops a `use` loop in a test crate.
const MAX_HOPS: u32 = 16;

struct File {
    name: String,
    lines: Vec<String>,
}

/// A file, or a `mod x { .. }` inside one: the scope a path is written in.
struct Module {
    file: usize,
    uses: Vec<UseLeaf>,
    /// `mod x;` and `mod x { .. }`: names that start a path to a child.
    children: BTreeSet<String>,
    /// The first name of every path written in the module outside its
    /// `use`s: does the module use a name it re-exports?
    names: BTreeSet<String>,
}

/// One leaf of a `use` tree: `use crate::{a, b::C as D, e::*};` has three,
/// `crate::a` named `a`, `crate::b::C` named `D`, `crate::e` (a glob) named nothing.
struct UseLeaf {
    path: Vec<String>,
    name: Option<String>,
    /// Written at the module's own level (not in a function or a macro), so
    /// other modules see it: `pub use error::{Error, Result};` in `lib.rs`.
    module_level: bool,
}

/// A path as written: a `use` leaf, a path of two segments or more written
/// inline, or a call of a macro by its bare name.
struct Mention {
    file: usize,
    module: ModPath,
    path: Vec<String>,
    line: usize,
    bare_macro: bool,
    /// For a leaf of a `pub use`: the name it re-exports.
    reexports: Option<String>,
}

/// Where a path leads.
enum Target {
    File(usize),
    /// Another crate, or something local with no module in its path (`Self::`, an enum, a generic).
    Outside(Vec<String>),
}

/// A path made absolute: from the crate root, or outside the crate.
enum Absolute {
    Crate(Vec<String>),
    Outside(Vec<String>),
}

struct Source {
    files: Vec<File>,
    modules: HashMap<ModPath, Module>,
    /// `macro_rules!` definitions: name → (file, `#[macro_export]`ed).
    macros: HashMap<String, Vec<(usize, bool)>>,
    mentions: Vec<Mention>,
}

impl Source {
    /// Reads `(name under src/, text)` pairs.
    fn read(files: Vec<(&str, &str)>) -> Source {
        let mut source = Source {
            files: Vec::new(),
            modules: HashMap::new(),
            macros: HashMap::new(),
            mentions: Vec::new(),
        };
        for (file, (name, text)) in files.into_iter().enumerate() {
            let tokens: Vec<TokenTree> = TokenStream::from_str(text)
                .unwrap_or_else(|e| panic!("server/src/{name} does not lex: {e}"))
                .into_iter()
                .collect();
            source
                .files
                .push(File { name: name.to_string(), lines: text.lines().map(String::from).collect() });
            let module = module_of(name);
            source.enter(file, &module);
            Reader { source: &mut source, file }.walk(&tokens, &module, true);
        }
        source
    }

    fn enter(&mut self, file: usize, module: &ModPath) {
        let module_data =
            Module { file, uses: Vec::new(), children: BTreeSet::new(), names: BTreeSet::new() };
        self.modules.insert(module.clone(), module_data);
    }

    /// A `pub use` in a module of an item from below it, a name the module
    /// itself never writes: only its public face, like `pub mod`.
    fn is_facade(&self, mention: &Mention, to: usize) -> bool {
        let Some(name) = &mention.reexports else { return false };
        let below = module_of(&self.files[to].name).starts_with(&mention.module);
        below && !self.modules[&mention.module].names.contains(name)
    }

    /// `server/src/graphql/http.rs:18: use crate::app::AppState;`
    fn cite(&self, file: usize, line: usize) -> String {
        let f = &self.files[file];
        let text = f.lines.get(line.wrapping_sub(1)).map_or("", |l| l.trim());
        format!("server/src/{}:{line}: {text}", f.name)
    }

    fn target(&self, mention: &Mention) -> Option<Target> {
        if mention.bare_macro {
            return self.macro_file(mention.file, &mention.path[0]).map(Target::File);
        }
        Some(match self.absolute(&mention.module, &mention.path, 0) {
            Absolute::Crate(path) => self.resolve(&path, 0),
            Absolute::Outside(path) => Target::Outside(path),
        })
    }

    /// `path`, as written in `module`, from the crate root, by its first
    /// segment: `crate`, `self`, `super`, a name a `use` in the module brought
    /// in, a child module, or else something outside.
    fn absolute(&self, module: &[String], path: &[String], hops: u32) -> Absolute {
        let (first, rest) = path.split_first().expect("a path has a segment");
        match first.as_str() {
            "crate" | "$crate" | "gongzhi_server" => Absolute::Crate(rest.to_vec()),
            "self" => Absolute::Crate([module, rest].concat()),
            "super" => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                Absolute::Crate([&module[..module.len().saturating_sub(ups)], &path[ups..]].concat())
            }
            name => {
                let here = &self.modules[module];
                // A `use` in a function counts for its whole module: a name
                // bound to two paths in one file would be confusing anyway.
                // `use sqlx;` names itself: no step anywhere.
                let used = here.uses.iter().find(|u| u.name.as_deref() == Some(name) && u.path != [name]);
                match used {
                    Some(u) if hops < MAX_HOPS => match self.absolute(module, &u.path, hops + 1) {
                        Absolute::Crate(p) => Absolute::Crate([&p[..], rest].concat()),
                        Absolute::Outside(p) => Absolute::Outside([&p[..], rest].concat()),
                    },
                    _ if here.children.contains(name) => Absolute::Crate([module, path].concat()),
                    _ => Absolute::Outside(path.to_vec()),
                }
            }
        }
    }

    /// The file that holds what an absolute path names: its longest prefix
    /// that is a module, unless the next segment is a name that module
    /// re-exports (then on from there) or, at the root, an exported macro.
    fn resolve(&self, path: &[String], hops: u32) -> Target {
        let depth =
            (0..=path.len()).rev().find(|&k| self.modules.contains_key(&path[..k])).expect("lib.rs is read");
        let (module, rest) = path.split_at(depth);
        if let Some((name, tail)) = rest.split_first()
            && hops < MAX_HOPS
        {
            let reexport =
                self.modules[module].uses.iter().find(|u| u.module_level && u.name.as_ref() == Some(name));
            if let Some(u) = reexport {
                return match self.absolute(module, &u.path, hops + 1) {
                    Absolute::Crate(p) => self.resolve(&[&p[..], tail].concat(), hops + 1),
                    Absolute::Outside(p) => Target::Outside([&p[..], tail].concat()),
                };
            }
            if module.is_empty()
                && let Some(&(file, _)) = self.macros.get(name).and_then(|defs| defs.iter().find(|d| d.1))
            {
                return Target::File(file);
            }
        }
        Target::File(self.modules[module].file)
    }

    /// A macro called by its bare name (`push_in!`, through `#[macro_use]`):
    /// its definition in the calling file, else the exported one, else any.
    fn macro_file(&self, caller: usize, name: &str) -> Option<usize> {
        let defs = self.macros.get(name)?;
        let pick = defs.iter().find(|d| d.0 == caller).or_else(|| defs.iter().find(|d| d.1)).or(defs.first());
        pick.map(|d| d.0)
    }
}

/// `graphql/http.rs` → `["graphql", "http"]`; `area/mod.rs` → `["area"]`.
fn module_of(name: &str) -> ModPath {
    if name == "main.rs" {
        return vec![MAIN.to_string()];
    }
    let mut path: ModPath = name.trim_end_matches(".rs").split('/').map(String::from).collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
        path.pop();
    }
    path
}

// ---------------------------------------------------------------------------
// Reading tokens

/// Walks one file's tokens, recording its modules, `use`s, macros and paths.
struct Reader<'a> {
    source: &'a mut Source,
    file: usize,
}

impl Reader<'_> {
    /// `module_level` is false inside any group: a function body, a macro, an attribute.
    fn walk(&mut self, tokens: &[TokenTree], module: &ModPath, module_level: bool) {
        let mut i = 0;
        while i < tokens.len() {
            i = match &tokens[i] {
                TokenTree::Group(g) => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    if g.delimiter() == Delimiter::Bracket && is_attribute(tokens, i) {
                        self.read_code_in_strings(&inner, module);
                    }
                    self.walk(&inner, module, false);
                    i + 1
                }
                TokenTree::Ident(id) if id == "use" => self.read_use(tokens, i, module, module_level),
                TokenTree::Ident(id) if id == "mod" => self.read_mod(tokens, i, module),
                TokenTree::Ident(id) if id == "macro_rules" && is_punct(tokens.get(i + 1), '!') => {
                    self.read_macro_rules(tokens, i)
                }
                _ if starts_path(tokens, i) => self.read_path(tokens, i, module),
                _ => i + 1,
            };
        }
    }

    /// `use <tree>;` at `tokens[i]`: its leaves are names in the module and mentions.
    fn read_use(&mut self, tokens: &[TokenTree], i: usize, module: &ModPath, module_level: bool) -> usize {
        let end = (i + 1..tokens.len()).find(|&j| is_punct(tokens.get(j), ';')).unwrap_or(tokens.len());
        // `pub use` or `pub(crate) use`
        let restricted = i >= 2
            && matches!(&tokens[i - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis);
        let public = is_ident(tokens.get(i.wrapping_sub(if restricted { 2 } else { 1 })), "pub");
        let mut leaves = Vec::new();
        use_leaves(&tokens[i + 1..end], &[], &mut leaves);
        for (path, name, line) in leaves {
            if path.is_empty() {
                continue;
            }
            let reexports = if public { name.clone() } else { None };
            let mention = Mention {
                file: self.file,
                module: module.clone(),
                path: path.clone(),
                line,
                bare_macro: false,
                reexports,
            };
            self.source.mentions.push(mention);
            let leaf = UseLeaf { path, name, module_level };
            self.source.modules.get_mut(module).expect("entered").uses.push(leaf);
        }
        end + 1
    }

    /// `mod x;` names a child (a declaration, not an import); `mod x { .. }`
    /// is a module of its own inside this file.
    fn read_mod(&mut self, tokens: &[TokenTree], i: usize, module: &ModPath) -> usize {
        let Some(TokenTree::Ident(name)) = tokens.get(i + 1) else { return i + 1 };
        let name = name.to_string();
        self.source.modules.get_mut(module).expect("entered").children.insert(name.clone());
        match tokens.get(i + 2) {
            Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => {
                let inner = [&module[..], &[name]].concat();
                self.source.enter(self.file, &inner);
                self.walk(&body.stream().into_iter().collect::<Vec<_>>(), &inner, true);
                i + 3
            }
            _ => i + 2,
        }
    }

    /// `macro_rules! name` at `tokens[i]`; its body is walked next, like any group.
    fn read_macro_rules(&mut self, tokens: &[TokenTree], i: usize) -> usize {
        if let Some(TokenTree::Ident(name)) = tokens.get(i + 2) {
            let exported = has_attribute(tokens, i, "macro_export");
            self.source.macros.entry(name.to_string()).or_default().push((self.file, exported));
        }
        i + 3
    }

    /// `key = "code"` in an attribute, for a key in `CODE_IN_STRINGS`: the
    /// string is lexed and walked as code written on the string's line.
    fn read_code_in_strings(&mut self, tokens: &[TokenTree], module: &ModPath) {
        for (i, t) in tokens.iter().enumerate() {
            match t {
                TokenTree::Group(g) => {
                    self.read_code_in_strings(&g.stream().into_iter().collect::<Vec<_>>(), module)
                }
                TokenTree::Literal(lit) if i >= 2 && is_punct(tokens.get(i - 1), '=') => {
                    if !CODE_IN_STRINGS.contains(&tokens[i - 2].to_string().as_str()) {
                        continue;
                    }
                    let Some(code) = unquote(&lit.to_string()).and_then(|c| TokenStream::from_str(&c).ok())
                    else {
                        continue; // not code after all
                    };
                    let first = self.source.mentions.len();
                    self.walk(&code.into_iter().collect::<Vec<_>>(), module, false);
                    let line = lit.span().start().line;
                    self.source.mentions[first..].iter_mut().for_each(|m| m.line = line);
                }
                _ => {}
            }
        }
    }

    /// A path starting at `tokens[i]`. One segment is only a name, unless it
    /// calls a macro (`push_in!(..)`).
    fn read_path(&mut self, tokens: &[TokenTree], i: usize, module: &ModPath) -> usize {
        let PathAt { segments: path, line, turbofish, end: next } = path_at(tokens, i);
        for generics in turbofish {
            self.walk(&tokens[generics], module, false); // `Ok::<_, crate::Error>`
        }
        // Whether the module uses a name it re-exports: see `Layout::of`.
        self.source.modules.get_mut(module).expect("entered").names.insert(path[0].clone());
        let bare_macro = path.len() == 1
            && is_punct(tokens.get(next), '!')
            && matches!(tokens.get(next + 1), Some(TokenTree::Group(_)));
        if path.len() > 1 || bare_macro {
            let mention =
                Mention { file: self.file, module: module.clone(), path, line, bare_macro, reexports: None };
            self.source.mentions.push(mention);
        }
        next
    }
}

/// The leaves of a `use` tree, as (path, name it binds, line).
fn use_leaves(tokens: &[TokenTree], prefix: &[String], out: &mut Vec<(Vec<String>, Option<String>, usize)>) {
    let mut path = prefix.to_vec();
    let mut line;
    let mut i = if is_path_sep(tokens, 0) { 2 } else { 0 }; // `::std::..`: another crate's path
    loop {
        match tokens.get(i) {
            Some(TokenTree::Punct(p)) if p.as_char() == '$' && is_ident(tokens.get(i + 1), "crate") => {
                path.push("$crate".into());
                line = p.span().start().line;
                i += 2;
            }
            Some(TokenTree::Ident(id)) => {
                path.push(id.to_string());
                line = id.span().start().line;
                i += 1;
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '*' => {
                out.push((path, None, p.span().start().line));
                return;
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                for part in split_commas(g.stream()) {
                    use_leaves(&part, &path, out);
                }
                return;
            }
            _ => return, // a macro's `$name`, or not a `use` after all
        }
        if !is_path_sep(tokens, i) {
            break;
        }
        i += 2;
    }
    // `{self, ..}` names the path before it; `as x` renames, `as _` binds nothing.
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    let name = if is_ident(tokens.get(i), "as") {
        match tokens.get(i + 1) {
            Some(TokenTree::Ident(n)) if n != "_" => Some(n.to_string()),
            _ => None,
        }
    } else {
        path.last().cloned()
    };
    out.push((path, name, line));
}

/// Whether a path starts at `tokens[i]`: a name (or `$crate`) that does
/// not go on a path already begun (`a::b`, `Vec::<T>::new`), is no macro
/// variable (`$conn`) and no `pub(in crate::x)`, which restricts rather than imports.
fn starts_path(tokens: &[TokenTree], i: usize) -> bool {
    let goes_on = i >= 2 && is_path_sep(tokens, i - 2);
    let before = i.checked_sub(1).and_then(|j| tokens.get(j));
    match &tokens[i] {
        TokenTree::Ident(_) => {
            let metavariable = is_punct(before, '$');
            let restriction = i == 1 && is_ident(before, "in");
            !(goes_on || metavariable || restriction)
        }
        TokenTree::Punct(p) => p.as_char() == '$' && is_ident(tokens.get(i + 1), "crate") && !goes_on,
        _ => false,
    }
}

/// A path read from tokens: `sqlx::QueryBuilder::<Db>::new` has the
/// segments `sqlx`, `QueryBuilder`, `new` and one turbofish, `Db`.
struct PathAt {
    segments: Vec<String>,
    line: usize,
    /// Where the generic arguments of each `::<..>` are, to be read on their own.
    turbofish: Vec<Range<usize>>,
    end: usize,
}

fn path_at(tokens: &[TokenTree], i: usize) -> PathAt {
    let (segment, line, mut end) = match &tokens[i] {
        TokenTree::Punct(p) => ("$crate".to_string(), p.span().start().line, i + 2),
        t => (t.to_string(), t.span().start().line, i + 1),
    };
    let mut path = PathAt { segments: vec![segment], line, turbofish: Vec::new(), end };
    while is_path_sep(tokens, end) {
        match tokens.get(end + 2) {
            Some(TokenTree::Punct(p)) if p.as_char() == '<' => {
                let close = closing_angle(tokens, end + 2);
                path.turbofish.push(end + 3..close);
                end = close + 1;
            }
            Some(TokenTree::Ident(id)) => {
                path.segments.push(id.to_string());
                end += 3;
            }
            _ => break,
        }
    }
    path.end = end;
    path
}

/// The `>` that closes the `<` at `tokens[i]` (the `>` of `->` closes nothing).
fn closing_angle(tokens: &[TokenTree], i: usize) -> usize {
    let mut depth = 0;
    for (j, t) in tokens.iter().enumerate().skip(i) {
        match t {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' && !is_joint(tokens.get(j - 1), '-') => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    tokens.len() - 1 // unbalanced: read to the end
}

/// The text of a plain string literal (`"a::b(\"x\")"`), or `None` for a
/// raw, byte or C string, a number or a char.
fn unquote(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// Whether the bracket group at `tokens[i]` is an attribute: `#[..]` or `#![..]`.
fn is_attribute(tokens: &[TokenTree], i: usize) -> bool {
    let bang = i >= 1 && is_punct(tokens.get(i - 1), '!');
    let hash = if bang { i.checked_sub(2) } else { i.checked_sub(1) };
    hash.is_some_and(|h| is_punct(tokens.get(h), '#'))
}

/// Whether the item at `tokens[i]` carries `#[attr]` (doc comments are
/// `#[doc = ..]` attributes too, so they are stepped over like any other).
fn has_attribute(tokens: &[TokenTree], i: usize, attr: &str) -> bool {
    let mut j = i;
    while j >= 2 && is_punct(tokens.get(j - 2), '#') {
        let TokenTree::Group(g) = &tokens[j - 1] else { return false };
        if g.stream().into_iter().next().is_some_and(|t| t.to_string() == attr) {
            return true;
        }
        j -= 2;
    }
    false
}

fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for t in stream {
        if matches!(&t, TokenTree::Punct(p) if p.as_char() == ',') {
            parts.push(Vec::new());
        } else {
            parts.last_mut().unwrap().push(t);
        }
    }
    parts
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    is_joint(tokens.get(i), ':') && is_punct(tokens.get(i + 1), ':')
}

fn is_joint(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c && p.spacing() == Spacing::Joint)
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn is_ident(t: Option<&TokenTree>, s: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(id)) if id == s)
}
