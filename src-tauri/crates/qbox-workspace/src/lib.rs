//! The workspace keeps QBox's engine (DuckDB views, runs, results) and store (SQLite) in step.
//! It is what the desktop shell (and later a headless CLI) drives; it knows nothing of Tauri.
//! Engine calls block, so they run on tokio's blocking pool.

mod assistant;
mod attachments;
mod clear;
mod connections;
mod error;
mod events;
mod holder;
mod layout;
mod lock;
mod open;
mod queries;
mod settings;
mod sources;
mod turns;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use qbox_engine::{
    CellSelection, CellValue, ChartData, ChartSpec, ColumnProfile, CopyFormat, Engine,
    EngineConfig, ExportFormat, ExportSummary, ResultView, RunOutput, TableDetails, TableInfo,
};
use qbox_store::Store;

pub use assistant::{AskContext, ChatMessage, ChatStatus};
pub use attachments::ConnectionStatus;
pub use clear::{finish_pending_clear, DataSummary};
pub use connections::{Connection, ConnectionSettings, SecretInput};
pub use error::{Result, WorkspaceError};
pub use events::{QueryPart, WorkspaceEvent};
pub use holder::{HeldBy, Holder};
pub use layout::PaneSizes;
pub use lock::{WorkspaceLock, LOCK_FILE};
pub use open::{default_data_dir, extension_repo, secret_store};
pub use qbox_engine::{RunEvent, RunListener};
pub use qbox_store::{KeychainSecrets, MemorySecrets, SecretBackend, SecretStore};
pub use qbox_store::{Query, QueryRun, SqlVersion};
pub use queries::QuerySelection;
pub use settings::{
    AiSettings, Settings, Theme, CHECKPOINT_PAUSE_RANGE, HISTORY_SIZE_RANGE, ROW_CAP_RANGE,
    TEMPERATURE_RANGE,
};
pub use sources::{AddOutcome, Source, SourceStatus};

/// Where the workspace lives and what it ships with.
#[derive(Clone)]
pub struct WorkspaceConfig {
    pub data_dir: PathBuf,
    pub extension_repo: Option<PathBuf>,
    /// Create the demo files and sample query on first open.
    pub demo_on_first_run: bool,
    /// Where passwords and keys live: the OS keychain in the app, memory in tests.
    pub secrets: Arc<dyn SecretStore>,
    /// The workspace's lock when the caller took it already (the app does, before its log
    /// opens a file in the folder); taken by [`Workspace::open`] otherwise.
    pub lock: Option<Arc<WorkspaceLock>>,
}

impl WorkspaceConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            extension_repo: None,
            demo_on_first_run: true,
            secrets: Arc::new(MemorySecrets::default()),
            lock: None,
        }
    }
}

/// Saved queries open as tabs, in tab order, and the one in front.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenTabs {
    pub ids: Vec<i64>,
    pub active: Option<i64>,
}

impl OpenTabs {
    /// `"3,7,5|7"`: ids in order, then the active one. Anything unreadable is skipped.
    fn parse(text: &str) -> Self {
        let (ids, active) = text.split_once('|').unwrap_or((text, ""));
        let mut seen = std::collections::HashSet::new();
        Self {
            ids: ids
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .filter(|id| seen.insert(*id))
                .collect(),
            active: active.trim().parse().ok(),
        }
    }

    fn encode(&self) -> String {
        let ids: Vec<String> = self.ids.iter().map(i64::to_string).collect();
        let active = self.active.map(|a| a.to_string()).unwrap_or_default();
        format!("{}|{active}", ids.join(","))
    }
}

pub struct Workspace {
    engine: Arc<Engine>,
    store: Store,
    /// Why a registered source cannot be read right now, by source id.
    broken: Mutex<std::collections::HashMap<i64, String>>,
    secrets: Arc<dyn SecretStore>,
    /// How each connection's attachment went, by connection id.
    /// See [`WORKSPACE_ID_KEY`].
    workspace_id: String,
    statuses: attachments::Statuses,
    attach_locks: attachments::AttachLocks,
    /// The start-up attachments, running in the background.
    attaching: tokio::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
    caches: CatalogCaches,
    events: events::Events,
    settings: std::sync::RwLock<Settings>,
    /// The assistant's turns in flight.
    turns: turns::Turns,
    /// The assistant's checks bind in a sandbox of the catalog's shapes.
    sandboxes: turns::Sandboxes,
    /// Held for as long as the workspace is open; declared last so that it is let go after
    /// the engine and the store (fields drop in order).
    _lock: Arc<WorkspaceLock>,
}

/// Attached databases' catalogs and table details: reading a remote catalog costs round trips,
/// so they are kept for a while and dropped whenever the source changes.
#[derive(Clone)]
pub(crate) struct CatalogCaches {
    catalogs: moka::future::Cache<String, Arc<Vec<TableInfo>>>,
    details: moka::future::Cache<(String, String, String), Arc<TableDetails>>,
}

impl CatalogCaches {
    fn new() -> Self {
        Self {
            catalogs: moka::future::Cache::builder()
                .time_to_live(CATALOG_TTL)
                .build(),
            details: moka::future::Cache::builder()
                .time_to_live(CATALOG_TTL)
                .max_capacity(10_000)
                .build(),
        }
    }

    pub(crate) fn invalidate(&self) {
        self.catalogs.invalidate_all();
        self.details.invalidate_all();
    }
}

/// How long remote catalog metadata is trusted without a change or a refresh.
pub const CATALOG_TTL: std::time::Duration = std::time::Duration::from_secs(300);

const OPEN_TABS_KEY: &str = "open_tabs";
/// The local database (the app's DuckDB file): files' views, S3 views, user tables.
const LOCAL_DATABASE: &str = "qbox";
const INITIALIZED_KEY: &str = "initialized";
/// A random id of this workspace, made once; its keychain entries are named under it.
const WORKSPACE_ID_KEY: &str = "workspace_id";

impl Workspace {
    /// Opens the workspace: its lock (another process with it open is refused before
    /// anything in the folder is touched), store, engine, every registered source re-created
    /// (a source that cannot be read is kept and reported as broken), and the demo on first
    /// run.
    pub async fn open(config: WorkspaceConfig) -> Result<Self> {
        let lock = match &config.lock {
            Some(lock) if lock.data_dir() == config.data_dir => lock.clone(),
            _ => Arc::new(WorkspaceLock::acquire(&config.data_dir, Holder::App)?),
        };
        finish_pending_clear(&config.data_dir).map_err(|source| WorkspaceError::Io {
            what: "cannot clear the data folder",
            path: config.data_dir.clone(),
            source,
        })?;
        std::fs::create_dir_all(&config.data_dir).map_err(|source| WorkspaceError::Io {
            what: "cannot create the data folder",
            path: config.data_dir.clone(),
            source,
        })?;
        let store = Store::open(&config.data_dir.join("qbox.sqlite")).await?;
        let mut engine_config = EngineConfig::new(&config.data_dir);
        engine_config.extension_repo = config.extension_repo.clone();
        let engine = Arc::new(blocking(move || Engine::open(engine_config)).await??);
        let workspace_id = match store.app_state().get(WORKSPACE_ID_KEY).await? {
            Some(id) => id,
            None => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                store.app_state().set(WORKSPACE_ID_KEY, &id).await?;
                id
            }
        };
        let ws = Self {
            _lock: lock,
            workspace_id,
            engine,
            store,
            broken: Mutex::new(Default::default()),
            secrets: config.secrets.clone(),
            statuses: Default::default(),
            attach_locks: Default::default(),
            attaching: Default::default(),
            caches: CatalogCaches::new(),
            events: Default::default(),
            settings: Default::default(),
            turns: Default::default(),
            sandboxes: Default::default(),
        };
        ws.load_settings().await?;
        ws.restore_sources(false).await?;
        ws.name_legacy_secret_keys().await?;
        ws.attach_all_in_background().await;
        if ws.store.app_state().get(INITIALIZED_KEY).await?.is_none() {
            if config.demo_on_first_run {
                ws.create_demo().await?;
            }
            ws.store.app_state().set(INITIALIZED_KEY, "1").await?;
        }
        Ok(ws)
    }

    /// Whether secrets outlive this session (the OS keychain) or not (no keychain available).
    pub fn secret_backend(&self) -> SecretBackend {
        self.secrets.backend()
    }

    /// Every change from now on (sources, catalog, connection status), in order.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<WorkspaceEvent> {
        self.events.subscribe()
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    async fn create_demo(&self) -> Result<()> {
        let engine = self.engine.clone();
        let dir = self.engine.data_dir().join("demo");
        let files = blocking(move || qbox_engine::demo::write_demo_files(&engine, &dir)).await??;
        for f in files {
            self.register_path(&f, None).await?;
        }
        let query = self
            .store
            .queries()
            .create("Revenue by category", qbox_engine::demo::DEMO_QUERY)
            .await?;
        self.save_open_tabs(&OpenTabs {
            ids: vec![query.id],
            active: Some(query.id),
        })
        .await
    }

    /// The queries open as tabs when the app last saved them, in order (deleted ones left out).
    pub async fn open_tabs(&self) -> Result<OpenTabs> {
        let saved = self.store.app_state().get(OPEN_TABS_KEY).await?;
        let mut tabs = saved.as_deref().map(OpenTabs::parse).unwrap_or_default();
        let existing: std::collections::HashSet<i64> = self
            .queries(None)
            .await?
            .into_iter()
            .map(|q| q.id)
            .collect();
        tabs.ids.retain(|id| existing.contains(id));
        if !tabs.active.is_some_and(|a| tabs.ids.contains(&a)) {
            tabs.active = tabs.ids.first().copied();
        }
        Ok(tabs)
    }

    pub async fn save_open_tabs(&self, tabs: &OpenTabs) -> Result<()> {
        Ok(self
            .store
            .app_state()
            .set(OPEN_TABS_KEY, &tabs.encode())
            .await?)
    }

    /// Runs a script. A connection that failed earlier and that the script names is attached
    /// again first; a run that fails because a PostgreSQL server went away detaches that
    /// connection (so everything else keeps working) and tries once more.
    pub async fn run(&self, run_id: String, sql: String) -> Result<RunOutput> {
        self.run_watched(run_id, sql, RunListener::none()).await
    }

    /// [`Workspace::run`], telling `listener` how it goes (see [`Engine::run_watched`]).
    pub async fn run_watched(
        &self,
        run_id: String,
        sql: String,
        listener: RunListener,
    ) -> Result<RunOutput> {
        let out = self.run_once_or_recover(run_id, sql, listener).await?;
        // DDL or writes through an attached database may change what its cached catalog says.
        if out.statements.iter().any(|s| s.kind.may_change_catalog()) {
            self.catalog_changed();
        }
        Ok(out)
    }

    async fn run_once_or_recover(
        &self,
        run_id: String,
        sql: String,
        listener: RunListener,
    ) -> Result<RunOutput> {
        self.reattach_named_in(&sql).await;
        let attempt = |run_id: String, sql: String| {
            let engine = self.engine.clone();
            let listener = listener.clone();
            async move {
                Ok::<_, WorkspaceError>(
                    blocking(move || engine.run_watched(&run_id, &sql, &listener)).await??,
                )
            }
        };
        match attempt(run_id.clone(), sql.clone()).await {
            Err(e) if e.is_server_lost() => {
                let lost = self.detach_unreachable().await;
                if lost.is_empty() {
                    return Err(e);
                }
                match attempt(run_id, sql.clone()).await {
                    Ok(out) => Ok(out),
                    Err(_) => Err(attachments::lost_error(&lost, &sql)),
                }
            }
            other => other,
        }
    }

    pub fn cancel(&self, run_id: &str) -> bool {
        self.engine.cancel(run_id)
    }

    /// Rows kept so far of a result, and how it ended once it has (never waits).
    pub fn result_status(&self, id: u64) -> Result<qbox_engine::StreamStatus> {
        Ok(self.engine.results().result_status(id)?)
    }

    pub async fn window(
        &self,
        id: u64,
        offset: u64,
        limit: u64,
        view: ResultView,
    ) -> Result<Vec<u8>> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().window(id, offset, limit, &view)).await??)
    }

    /// How many rows a view of a result shows (computing it; see [`Engine::view_rows`]).
    pub async fn view_rows(&self, id: u64, view: ResultView) -> Result<u64> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().view_rows(id, &view)).await??)
    }

    /// The selected cells of a result as text (see [`Engine::copy_cells`]).
    pub async fn copy_cells(
        &self,
        id: u64,
        view: ResultView,
        selection: CellSelection,
        format: CopyFormat,
        header: bool,
        table: String,
    ) -> Result<String> {
        let engine = self.engine.clone();
        Ok(blocking(move || {
            engine
                .results()
                .copy_cells(id, &view, &selection, format, header, &table)
        })
        .await??)
    }

    /// One column's profile over a view of a result (see [`Engine::profile_column`]).
    pub async fn profile_column(
        &self,
        id: u64,
        view: ResultView,
        column: usize,
    ) -> Result<ColumnProfile> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().profile_column(id, &view, column)).await??)
    }

    /// A chart's marks over a view of a result (see [`Engine::chart_data`]).
    pub async fn chart_data(
        &self,
        id: u64,
        view: ResultView,
        spec: ChartSpec,
    ) -> Result<ChartData> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().chart_data(id, &view, &spec)).await??)
    }

    /// One value in full (see [`Engine::cell_value`]).
    pub async fn cell_value(
        &self,
        id: u64,
        view: ResultView,
        row: u64,
        column: usize,
    ) -> Result<CellValue> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().cell_value(id, &view, row, column)).await??)
    }

    /// Writes a whole result to a file (see [`Engine::export`]); `progress` gets 0..=1.
    pub async fn export(
        &self,
        export_id: String,
        result_id: u64,
        view: ResultView,
        target: PathBuf,
        format: ExportFormat,
        progress: impl FnMut(f64) + Send + 'static,
    ) -> Result<ExportSummary> {
        let engine = self.engine.clone();
        Ok(blocking(move || {
            engine
                .results()
                .export(&export_id, result_id, &view, &target, format, progress)
        })
        .await??)
    }

    pub async fn close_result(&self, id: u64) -> Result<()> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.results().close_result(id)).await??)
    }

    /// Statement boundaries of a script, by DuckDB's parser.
    pub async fn split(&self, sql: String) -> Result<Vec<qbox_engine::StatementSpan>> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.split(&sql)).await??)
    }

    /// Every table a query can use. Attached databases' catalogs come from the cache when
    /// fresh. A PostgreSQL server that went away is detached (its connection shows why) so the
    /// rest of the catalog still lists.
    pub async fn catalog(&self) -> Result<Vec<TableInfo>> {
        match self.read_catalog().await {
            Err(e) if e.is_server_lost() => {
                self.detach_unreachable().await;
                self.read_catalog().await
            }
            other => other,
        }
    }

    /// The local database's tables and views (files' views, S3 views, the user's own tables):
    /// never a round trip to a server.
    pub(crate) async fn local_tables(&self) -> Result<Vec<TableInfo>> {
        let engine = self.engine.clone();
        Ok(blocking(move || engine.catalog_of(LOCAL_DATABASE)).await??)
    }

    async fn read_catalog(&self) -> Result<Vec<TableInfo>> {
        let engine = self.engine.clone();
        let databases = blocking(move || engine.databases()).await??;
        let schema_lists = self.schema_lists().await?;
        let mut tables = Vec::new();
        for database in databases {
            let read = {
                let engine = self.engine.clone();
                let database = database.clone();
                move || async move {
                    Ok::<_, WorkspaceError>(Arc::new(
                        blocking(move || engine.catalog_of(&database)).await??,
                    ))
                }
            };
            let part = if database == LOCAL_DATABASE {
                // Local views change with every file and every CREATE: always read (it is cheap).
                read().await?
            } else {
                self.caches
                    .catalogs
                    .try_get_with(database.clone(), read())
                    .await
                    .map_err(WorkspaceError::unshared)?
            };
            let wanted = schema_lists.get(&database).filter(|l| !l.is_empty());
            tables.extend(
                part.iter()
                    .filter(|t| wanted.is_none_or(|l| l.contains(&t.schema)))
                    .cloned(),
            );
        }
        Ok(tables)
    }

    /// Columns with types, keys and nullability, the kind of relation and an estimated row
    /// count for one table (cached like the catalog).
    pub async fn table_details(
        &self,
        database: String,
        schema: String,
        table: String,
    ) -> Result<TableDetails> {
        let key = (database.clone(), schema.clone(), table.clone());
        let engine = self.engine.clone();
        let parquet = if database == LOCAL_DATABASE && schema == "main" {
            self.store
                .file_sources()
                .list()
                .await?
                .into_iter()
                .find(|s| s.view_name == table && s.format == "parquet")
                .map(|s| {
                    let path = qbox_engine::files::glob_literal(&s.path);
                    if s.is_folder {
                        format!("{}/**/*.parquet", path.trim_end_matches(['/', '\\']))
                    } else {
                        path
                    }
                })
        } else {
            None
        };
        let load = async move {
            let details = blocking(move || {
                let mut d = engine.sources().table_details(&database, &schema, &table)?;
                if let Some(target) = parquet {
                    d.estimated_rows = engine.sources().parquet_rows(&target).ok();
                }
                Ok::<_, qbox_engine::EngineError>(d)
            })
            .await??;
            Ok::<_, WorkspaceError>(Arc::new(details))
        };
        let details = if key.0 == LOCAL_DATABASE {
            load.await?
        } else {
            self.caches
                .details
                .try_get_with(key, load)
                .await
                .map_err(WorkspaceError::unshared)?
        };
        Ok((*details).clone())
    }

    /// Forgets cached remote metadata and announces that the catalog changed (a connection
    /// changed, the user asked for a refresh, or a statement may have changed a schema).
    pub fn catalog_changed(&self) {
        self.caches.invalidate();
        self.events.emit(WorkspaceEvent::CatalogChanged);
    }

    /// Part of saved query `id` changed.
    pub(crate) fn query_changed(&self, id: i64, part: QueryPart) {
        self.events.emit(WorkspaceEvent::QueryChanged { id, part });
    }

    /// Registered files changed, and with them the catalog.
    pub(crate) fn sources_changed(&self) {
        self.events.emit(WorkspaceEvent::SourcesChanged);
        self.events.emit(WorkspaceEvent::CatalogChanged);
    }

    /// Ends the workspace's work: the start-up attach pass stops, the store closes, and this
    /// returns once no task holds the engine any more, so that dropping the workspace then
    /// releases the database file at once (another process may open it). Waits 30 s at most.
    pub async fn close(&self) {
        if let Some(pass) = self.attaching.lock().await.take() {
            pass.abort();
            let _ = pass.await;
        }
        self.store.close().await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while Arc::strong_count(&self.engine) > 1 {
            if std::time::Instant::now() >= deadline {
                tracing::warn!(
                    holders = Arc::strong_count(&self.engine) - 1,
                    "the engine is still in use 30 s after close: the database file stays locked until that work ends"
                );
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    Ok(tokio::task::spawn_blocking(f).await?)
}
