//! The QBox desktop shell: Tauri set-up, plugins, logging, and the typed commands that adapt
//! the workspace (qbox-workspace, Tauri-free) to IPC.

mod app_commands;
mod clipboard;
mod commands;
mod dto;
mod error;
/// The app-wide events, for tests that listen to what reaches the UI.
#[doc(hidden)]
pub mod events;
mod logging;
mod menu;
mod relaunch;

use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;
use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, collect_events, Event};

use qbox_workspace::{Workspace, WorkspaceConfig};

pub use app_commands::APP_COMMANDS;
pub use dto::AddFileOutcomeDto;
pub use error::AppError;
/// The app's logging set-up, for tests that check what reaches the log file.
#[doc(hidden)]
pub use logging::init as init_logging;

/// State shared by every command.
pub struct AppState {
    pub workspace: Workspace,
    /// What became of files handed to the app before the UI listened (the command line, a
    /// second launch while the window loads), until the UI asks once; `None` after that, when
    /// outcomes go out as `FilesAdded` events.
    startup_outcomes: Mutex<Option<Vec<AddFileOutcomeDto>>>,
    /// Starts the app afresh (after Clear all data); the mock runtime has none.
    restart: Mutex<Option<Box<dyn FnOnce() + Send>>>,
    pub clipboard: clipboard::SystemClipboard,
}

impl AppState {
    pub fn new(workspace: Workspace) -> Self {
        Self::with_startup_outcomes(workspace, Vec::new())
    }

    pub fn with_startup_outcomes(workspace: Workspace, outcomes: Vec<AddFileOutcomeDto>) -> Self {
        Self {
            workspace,
            startup_outcomes: Mutex::new(Some(outcomes)),
            restart: Mutex::new(None),
            clipboard: Default::default(),
        }
    }

    /// Hands outcomes to the UI: kept for its first ask while it has not asked yet, else sent.
    fn deliver_outcomes<R: Runtime>(
        &self,
        app: &tauri::AppHandle<R>,
        outcomes: Vec<AddFileOutcomeDto>,
    ) {
        let mut waiting = self.startup_outcomes.lock().expect("startup lock");
        match waiting.as_mut() {
            Some(kept) => kept.extend(outcomes),
            None => {
                if let Err(e) = (FilesAdded { outcomes }).emit(app) {
                    tracing::warn!("cannot tell the UI about added files: {e}");
                }
            }
        }
    }

    fn restart(&self) {
        if let Some(restart) = self.restart.lock().expect("restart lock").take() {
            restart();
        }
    }
}

/// Files were added from outside the window (a second launch with file arguments, the OS
/// "Open with"); the UI refreshes its tree and reports the outcomes.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct FilesAdded {
    pub outcomes: Vec<AddFileOutcomeDto>,
}

/// The typed command and event set, shared by the app, the bindings export and the tests.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            commands::app::app_info,
            commands::app::catalog,
            commands::app::table_details,
            commands::app::open_tabs,
            commands::app::save_open_tabs,
            commands::app::settings,
            commands::app::update_settings,
            commands::app::open_data_dir,
            commands::app::pane_sizes,
            commands::app::save_pane_sizes,
            commands::data::data_summary,
            commands::data::clear_all_data,
            commands::sources::list_sources,
            commands::sources::refresh_sources,
            commands::sources::add_files,
            commands::sources::add_sheet,
            commands::sources::rename_source,
            commands::sources::set_source_encoding,
            commands::sources::remove_source,
            commands::sources::drop_local_relation,
            commands::query::run_query,
            commands::query::cancel_query,
            commands::query::result_window,
            commands::query::result_view_rows,
            commands::query::close_result,
            commands::grid::copy_result_cells,
            commands::grid::result_cell_value,
            commands::grid::profile_result_column,
            commands::grid::chart_data,
            commands::grid::save_chart_png,
            commands::grid::save_chart_svg,
            commands::connections::list_connections,
            commands::connections::connection_identifier,
            commands::connections::create_connection,
            commands::connections::update_connection,
            commands::connections::delete_connection,
            commands::connections::test_connection,
            commands::connections::browse_s3,
            commands::connections::add_s3_objects,
            commands::query::export_result,
            commands::query::cancel_export,
            commands::query::statement_spans,
            take_startup_outcomes,
            commands::log::log_ui,
            commands::queries::list_queries,
            commands::queries::create_query,
            commands::queries::rename_query,
            commands::queries::save_query_sql,
            commands::queries::query_versions,
            commands::queries::restore_version,
            commands::queries::duplicate_query,
            commands::queries::delete_query,
            commands::queries::select_table,
            commands::queries::unselect_table,
            commands::queries::query_selections,
            commands::queries::query_runs,
            commands::queries::run_saved_query,
            commands::assistant::ai_models,
            commands::assistant::test_ai,
            commands::assistant::ai_key_origin,
            commands::assistant::set_ai_key,
            commands::assistant::chat_messages,
            commands::assistant::ask_assistant,
            commands::assistant::retry_reply,
            commands::assistant::stop_reply,
            commands::assistant::clear_chat,
            commands::assistant::chat_sent,
            commands::assistant::chat_samples_allowed,
            commands::assistant::allow_chat_samples,
        ])
        .events(collect_events![
            FilesAdded,
            menu::MenuCommand,
            events::WorkspaceChanged
        ])
}

/// Files handed to the app before the UI listened for `FilesAdded` (once: ask after listening).
#[tauri::command]
#[specta::specta]
fn take_startup_outcomes(state: tauri::State<'_, AppState>) -> Vec<AddFileOutcomeDto> {
    state
        .startup_outcomes
        .lock()
        .expect("startup lock")
        .take()
        .unwrap_or_default()
}

/// Writes ui/src/lib/backend/bindings.ts.
pub fn export_bindings(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let ts = specta_typescript::Typescript::default().header(
        "// Generated by `cargo run --bin export_bindings`; do not edit.\n/* eslint-disable */",
    );
    specta_builder::<tauri::Wry>().export(ts, path)?;
    Ok(())
}

/// Paths among command-line arguments (flags are left to the OS and Tauri).
fn file_arguments(
    args: impl IntoIterator<Item = String>,
    cwd: Option<&std::path::Path>,
) -> Vec<PathBuf> {
    args.into_iter()
        .filter(|a| !a.starts_with('-'))
        .map(|a| match cwd {
            Some(dir) => dir.join(a),
            None => PathBuf::from(a),
        })
        .collect()
}

/// The app's context: its configuration, embedded UI and the ACL (capabilities and the app
/// manifest) the build resolved. Tests on the mock runtime use it too, so they pass through
/// the same permission checks as the window.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!("tauri.conf.json")
}

/// Attaches the state and the typed commands to a builder (the app's or a mock one).
pub fn attach<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    with_commands(builder, |_| Ok(())).manage(state)
}

/// The typed commands and events, the workspace's changes forwarded to the UI, and `more`
/// set-up first (the real app opens its workspace there).
fn with_commands<R: Runtime>(
    builder: tauri::Builder<R>,
    more: impl FnOnce(&mut tauri::App<R>) -> Result<(), Box<dyn std::error::Error>> + Send + 'static,
) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    builder
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            more(app)?;
            events::forward(app.handle().clone(), &app.state::<AppState>().workspace);
            Ok(())
        })
}

pub fn run() {
    relaunch::wait_for_predecessor();
    let dev_extensions =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/resources/duckdb-extensions");
    let mut config = WorkspaceConfig::discover(Some(&dev_extensions));
    let data_dir = config.data_dir.clone();
    // The workspace is taken before anything in its folder is touched. When another process
    // has it (a second launch, whose files go to the running app; a command that goes on),
    // nothing is cleared here, and opening it below says who has it.
    // A qbox command that has it ends by itself: the app waits for it a while.
    let lock = qbox_workspace::WorkspaceLock::wait(
        &data_dir,
        qbox_workspace::Holder::App,
        std::time::Duration::from_secs(60),
        |by| eprintln!("QBox is waiting for {by} to finish with the workspace"),
    );
    // A Clear all data asked for before the restart is carried out before the log opens a file.
    let cleared = match &lock {
        Ok(_) => qbox_workspace::finish_pending_clear(&data_dir),
        Err(_) => Ok(false),
    };
    let _log_guard = logging::init(&data_dir);
    config.lock = lock.ok().map(std::sync::Arc::new);
    match cleared {
        Ok(true) => tracing::info!("all data was cleared"),
        Ok(false) => {}
        Err(e) => tracing::error!("cannot finish clearing all data: {e}"),
    }
    tracing::info!(data_dir = %data_dir.display(), "QBox starting");

    let context = context();
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            let paths = file_arguments(args.into_iter().skip(1), Some(std::path::Path::new(&cwd)));
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
            if paths.is_empty() {
                return;
            }
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let state = app.state::<AppState>();
                let outcomes = state
                    .workspace
                    .add_paths(&paths)
                    .await
                    .into_iter()
                    .map(Into::into)
                    .collect();
                state.deliver_outcomes(&app, outcomes);
            });
        }))
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build());

    // The workspace opens during set-up, after the single-instance check: a second launch hands
    // its files to the running app before it would touch the workspace.
    let app = with_commands(builder, move |app| {
        let state = open_state(config);
        let handle = app.handle().clone();
        *state.restart.lock().expect("restart lock") =
            Some(Box::new(move || relaunch::relaunch(&handle)));
        app.manage(state);
        Ok(())
    })
    .build(context);
    let app = match app {
        Ok(app) => app,
        Err(e) if relaunch::is_failed_handover(&e) => {
            tracing::warn!("the QBox already running did not answer ({e}); starting again");
            if relaunch::launch_again_after_failed_handover() {
                std::process::exit(0);
            }
            cannot_start(e)
        }
        Err(e) => cannot_start(e),
    };
    app.run(|_, _| {});
}

fn cannot_start(error: tauri::Error) -> ! {
    tracing::error!("QBox cannot start: {error}");
    eprintln!("QBox cannot start: {error}");
    std::process::exit(1);
}

/// Opens the workspace and registers the files named on the command line (also the OS's "Open
/// with QBox"); the UI asks for their outcomes once it is up. A workspace that cannot open is
/// reported in a message box (started from a desktop, there is no terminal to read) and ends
/// the app.
fn open_state(config: WorkspaceConfig) -> AppState {
    let data_dir = config.data_dir.clone();
    let workspace = match tauri::async_runtime::block_on(Workspace::open(config)) {
        Ok(ws) => ws,
        Err(e) => {
            let message = format!(
                "QBox cannot open its workspace in {}:\n\n{e}",
                data_dir.display()
            );
            tracing::error!("{message}");
            eprintln!("{message}");
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("QBox cannot start")
                .set_description(&message)
                .show();
            std::process::exit(1);
        }
    };
    let startup_paths = file_arguments(std::env::args().skip(1), None);
    let outcomes: Vec<AddFileOutcomeDto> = if startup_paths.is_empty() {
        Vec::new()
    } else {
        tauri::async_runtime::block_on(workspace.add_paths(&startup_paths))
            .into_iter()
            .map(Into::into)
            .collect()
    };
    AppState::with_startup_outcomes(workspace, outcomes)
}
