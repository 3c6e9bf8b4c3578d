//! The native menu bar: File (open files or a folder, quit) and Edit (so clipboard shortcuts
//! work in the webview on every platform). Menu choices reach the UI as a typed event.

use serde::Serialize;
use specta::Type;
use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum MenuAction {
    OpenFiles,
    OpenFolder,
}

/// A menu item was chosen; the UI carries out the action.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct MenuCommand {
    pub action: MenuAction,
}

const OPEN_FILES: &str = "open-files";
const OPEN_FOLDER: &str = "open-folder";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let file = SubmenuBuilder::new(app, "File")
        .item(
            &MenuItemBuilder::with_id(OPEN_FILES, "Open Files…")
                .accelerator("CmdOrCtrl+O")
                .build(app)?,
        )
        .item(&MenuItemBuilder::with_id(OPEN_FOLDER, "Open Folder…").build(app)?)
        .separator()
        .quit()
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    MenuBuilder::new(app).items(&[&file, &edit]).build()
}

pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let action = match event.id().as_ref() {
        OPEN_FILES => MenuAction::OpenFiles,
        OPEN_FOLDER => MenuAction::OpenFolder,
        _ => return,
    };
    if let Err(e) = (MenuCommand { action }).emit(app) {
        tracing::warn!("could not send the menu command to the window: {e}");
    }
}
