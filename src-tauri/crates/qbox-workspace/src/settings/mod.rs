//! The user's settings: one typed value, stored in SQLite, applied where it matters (the engine's
//! row cap, the store's history size) and announced when it changes.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::error::{Result, WorkspaceError};

mod changes;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    /// Light or dark as the operating system is.
    #[default]
    System,
    Light,
    Dark,
}

/// The assistant's provider. The API key is not here: it lives in the keychain
/// ([`Workspace::set_ai_key`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AiSettings {
    pub preset: qbox_ai::Preset,
    pub base_url: String,
    /// Empty until the user picks one: the assistant is not set up.
    pub model: String,
    pub temperature: f64,
    /// Offer the schema tools to the model (off for models that cannot call tools).
    pub tools: bool,
}

impl Default for AiSettings {
    fn default() -> Self {
        // Local by default: nothing leaves the machine until the user chooses a provider.
        let preset = qbox_ai::Preset::Ollama;
        Self {
            preset,
            base_url: preset.default_base_url().to_string(),
            model: String::new(),
            temperature: 0.2,
            tools: true,
        }
    }
}

pub const TEMPERATURE_RANGE: RangeInclusive<f64> = 0.0..=2.0;

/// Everything a user can set. Fields added later take their default when an older stored value
/// lacks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub theme: Theme,
    /// The most rows a result keeps for browsing and export.
    pub row_cap: u64,
    /// SQL versions kept per query.
    pub history_size: u32,
    /// A pause in typing this long (ms) makes a history version.
    pub checkpoint_pause_ms: u32,
    pub ai: AiSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            row_cap: qbox_engine::DEFAULT_ROW_CAP,
            history_size: qbox_store::DEFAULT_HISTORY_SIZE,
            checkpoint_pause_ms: 2_000,
            ai: AiSettings::default(),
        }
    }
}

pub const ROW_CAP_RANGE: RangeInclusive<u64> = 1_000..=1_000_000_000;
pub const HISTORY_SIZE_RANGE: RangeInclusive<u32> = 1..=10_000;
pub const CHECKPOINT_PAUSE_RANGE: RangeInclusive<u32> = 250..=60_000;

const SETTINGS_KEY: &str = "settings";

impl Settings {
    /// Refuses a value out of its range, naming the setting and the range.
    pub fn validate(&self) -> Result<()> {
        check("the row limit", self.row_cap, &ROW_CAP_RANGE)?;
        check("the history size", self.history_size, &HISTORY_SIZE_RANGE)?;
        check(
            "the pause before a history version (ms)",
            self.checkpoint_pause_ms,
            &CHECKPOINT_PAUSE_RANGE,
        )?;
        check(
            "the assistant's temperature",
            self.ai.temperature,
            &TEMPERATURE_RANGE,
        )
    }

    /// The stored settings; anything unreadable falls back to the defaults (with a warning), so
    /// a damaged value never keeps the app from opening.
    pub(crate) fn parse(stored: Option<&str>) -> Self {
        let Some(text) = stored else {
            return Self::default();
        };
        match serde_json::from_str::<Self>(text) {
            Ok(s) if s.validate().is_ok() => s,
            Ok(s) => {
                tracing::warn!(?s, "stored settings out of range; using the defaults");
                Self::default()
            }
            Err(e) => {
                tracing::warn!("stored settings unreadable ({e}); using the defaults");
                Self::default()
            }
        }
    }
}

fn check<T: PartialOrd + std::fmt::Display>(
    what: &str,
    value: T,
    range: &RangeInclusive<T>,
) -> Result<()> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(WorkspaceError::InvalidSetting(format!(
            "{what} must be between {} and {} (got {value})",
            range.start(),
            range.end()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_or_damaged_values_fall_back_to_defaults() {
        assert_eq!(Settings::parse(None), Settings::default());
        assert_eq!(Settings::parse(Some("not json")), Settings::default());
        let older = Settings::parse(Some(r#"{"theme":"dark"}"#));
        assert_eq!(older.theme, Theme::Dark);
        assert_eq!(older.row_cap, Settings::default().row_cap);
        assert_eq!(
            Settings::parse(Some(r#"{"rowCap":0}"#)),
            Settings::default(),
            "out of range"
        );
    }

    #[test]
    fn out_of_range_values_are_refused_by_name() {
        let s = Settings {
            history_size: 0,
            ..Settings::default()
        };
        let e = s.validate().unwrap_err().to_string();
        assert!(
            e.contains("history size") && e.contains("between 1 and"),
            "{e}"
        );
    }
}
