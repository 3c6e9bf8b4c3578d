//! The window's pane sizes (sidebar, editor, results), kept with the workspace so they survive a
//! restart and go with Clear all data. Sizes are percentages per group of panes.

use std::collections::BTreeMap;

use crate::{Result, Workspace, WorkspaceError};

const PANE_SIZES_KEY: &str = "pane_sizes";

/// Percent sizes of each group's panes, by group name.
pub type PaneSizes = BTreeMap<String, Vec<f64>>;

impl Workspace {
    pub async fn pane_sizes(&self) -> Result<PaneSizes> {
        let stored = self.store.app_state().get(PANE_SIZES_KEY).await?;
        // A damaged value only costs the default layout.
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Remembers one group's sizes; names are short identifiers, sizes percentages.
    pub async fn save_pane_sizes(&self, group: &str, sizes: Vec<f64>) -> Result<()> {
        let valid_name = !group.is_empty()
            && group.len() <= 40
            && group
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_name {
            return Err(WorkspaceError::InvalidSetting(format!(
                "{group:?} is not a pane group name"
            )));
        }
        if sizes.is_empty()
            || sizes.len() > 8
            || !sizes
                .iter()
                .all(|s| s.is_finite() && (0.0..=100.0).contains(s))
        {
            return Err(WorkspaceError::InvalidSetting(
                "pane sizes are 1 to 8 percentages".into(),
            ));
        }
        let mut all = self.pane_sizes().await?;
        all.insert(group.to_string(), sizes);
        let json = serde_json::to_string(&all)?;
        Ok(self.store.app_state().set(PANE_SIZES_KEY, &json).await?)
    }
}
