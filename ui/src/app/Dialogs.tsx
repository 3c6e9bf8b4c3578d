// The one dialog that shows (see `state/ui.ts`), with what each needs from the app.
import { HelpOverlay } from "../components/HelpOverlay";
import { ApplyDialog } from "../features/assistant/ApplyDialog";
import { PreviewModal } from "../features/catalog/PreviewModal";
import { ConnectionForm } from "../features/connections/ConnectionForm";
import { S3Browser } from "../features/connections/S3Browser";
import { editors } from "../features/editor/editors";
import { CommandPalette } from "../features/palette/CommandPalette";
import { paletteActions, type ShortcutActions } from "../features/palette/actions";
import { HistoryPanel } from "../features/queries/HistoryPanel";
import { SettingsDialog } from "../features/settings/SettingsDialog";
import { backend, errorMessage } from "../lib/backend";
import { useConnections } from "../state/connections";
import { useQueries } from "../state/queries";
import { useSettings } from "../state/settings";
import { useDarkTheme } from "../state/theme";
import { useUi } from "../state/ui";
import { useAppActions, useCurrent } from "./actions";

export function Dialogs({ shortcuts, dataDir }: { shortcuts: ShortcutActions; dataDir: string }) {
  const { autosave, tabs, runNow, openFolder, notify } = useAppActions();
  const { query } = useCurrent();
  const { dialog, show, close, setDetailsOpen } = useUi();
  const keychain = useConnections((c) => c.keychain);
  const dark = useDarkTheme();
  switch (dialog.kind) {
    case "none":
      return null;
    case "history":
      return query ? (
        <HistoryPanel
          query={query}
          currentSql={query.sql}
          onRestored={(q) => {
            useQueries.getState().replace(q);
            // The editor takes the restored text as one change, so Ctrl/Cmd+Z still works.
            editors.get(q.id)?.setDoc(q.sql);
          }}
          onClose={close}
          onError={(m) => notify("error", m)}
        />
      ) : null;
    case "apply": {
      const { queryId, suggestion, run, snapshot, scope } = dialog.applying;
      return (
        <ApplyDialog
          suggestion={suggestion}
          run={run}
          snapshot={snapshot}
          scope={scope}
          onApply={(from, to, runIt) => {
            close();
            editors.get(queryId)?.replaceRange(from, to, suggestion.sql);
            // The applied text is a history version of its own.
            autosave.checkpoint(queryId);
            if (runIt) void runNow();
          }}
          onClose={close}
        />
      );
    }
    case "help":
      return <HelpOverlay onClose={close} />;
    case "palette": {
      // The palette does not list itself.
      const keyed: ShortcutActions = Object.fromEntries(Object.entries(shortcuts).filter(([id]) => id !== "palette"));
      return (
        <CommandPalette
          onClose={close}
          actions={paletteActions(keyed, [
            { id: "openFolder", label: "Open a folder of files as one table", run: openFolder },
            { id: "duplicate", label: "Duplicate this query", disabled: !query, run: tabs.duplicate },
            { id: "history", label: "SQL history of this query", disabled: !query, run: () => (autosave.flush(), show({ kind: "history" })) },
            { id: "details", label: "This query's tables and run log", disabled: !query, run: () => setDetailsOpen(true) },
            { id: "theme", label: dark ? "Light theme" : "Dark theme", run: () => void useSettings.getState().update({ theme: dark ? "light" : "dark" }) },
            { id: "settings", label: "Settings", run: () => show({ kind: "settings" }) },
          ])}
        />
      );
    }
    case "settings":
      return (
        <SettingsDialog
          dataDir={dataDir}
          onOpenDataDir={() => void backend.openDataDir().catch((e: unknown) => notify("error", errorMessage(e)))}
          onClose={close}
        />
      );
    case "preview":
      return <PreviewModal request={dialog.request} dark={dark} onClose={close} />;
    case "s3":
      return (
        <S3Browser
          connection={dialog.connection}
          onAdded={(names) => {
            close();
            notify("info", `Added ${names.join(", ")}`);
          }}
          onClose={close}
        />
      );
    case "connection":
      return (
        <ConnectionForm
          existing={dialog.connection === "new" ? null : dialog.connection}
          keychain={keychain}
          onSaved={(c) => {
            useConnections.getState().put(c);
            close();
            if (c.status.state === "failed") notify("error", `“${c.name}” was saved but cannot attach: ${c.status.message}`);
          }}
          onDeleted={(id) => {
            useConnections.getState().drop(id);
            close();
          }}
          onClose={close}
        />
      );
  }
}
