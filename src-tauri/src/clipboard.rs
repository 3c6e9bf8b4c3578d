//! The system clipboard, written from Rust so that a large copy never passes through the
//! webview. The handle lives as long as the app: on X11 the app itself serves what it copied.

use std::sync::Mutex;

#[derive(Default)]
pub struct SystemClipboard(Mutex<Option<arboard::Clipboard>>);

impl SystemClipboard {
    pub fn write_text(&self, text: String) -> Result<(), arboard::Error> {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let clipboard = match slot.as_mut() {
            Some(c) => c,
            None => slot.insert(arboard::Clipboard::new()?),
        };
        clipboard.set_text(text)
    }
}
