//! Reading and changing the settings: validated, stored in SQLite, applied where they matter and
//! announced.

use crate::events::WorkspaceEvent;
use crate::{Result, Workspace};

use super::{Settings, SETTINGS_KEY};

impl Workspace {
    pub fn settings(&self) -> Settings {
        self.settings.read().expect("settings lock").clone()
    }

    /// Validates, stores, applies and announces new settings.
    pub async fn update_settings(&self, settings: Settings) -> Result<Settings> {
        settings.validate()?;
        let json = serde_json::to_string(&settings)?;
        self.store.app_state().set(SETTINGS_KEY, &json).await?;
        self.apply_settings(&settings);
        *self.settings.write().expect("settings lock") = settings.clone();
        self.events
            .emit(WorkspaceEvent::SettingsChanged(settings.clone()));
        Ok(settings)
    }

    pub(crate) async fn load_settings(&self) -> Result<()> {
        let stored = self.store.app_state().get(SETTINGS_KEY).await?;
        let settings = Settings::parse(stored.as_deref());
        self.apply_settings(&settings);
        *self.settings.write().expect("settings lock") = settings;
        Ok(())
    }

    fn apply_settings(&self, settings: &Settings) {
        self.engine.set_row_cap(settings.row_cap);
        self.store.set_history_size(settings.history_size);
    }
}
