// Start-up and the event router, run once by the app: the stores' first reads, each workspace
// change routed to the store that holds what changed, and files that arrive from outside (a drop,
// a second launch, the command line, the menu).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { backend, errorMessage, type OpenTabsDto } from "../lib/backend";
import { readAgainFor } from "../lib/reads";
import { useConnections } from "./connections";
import { useLayout } from "./layout";
import { persistOpenTabs, useQueries } from "./queries";
import { useSettings } from "./settings";
import { useWorkspace } from "./workspace";

interface Startup {
  initialTabs: OpenTabsDto;
  /** The menu's Open files… (the app's own dialog flow). */
  onOpenFiles: () => void;
  onDragging: (dragging: boolean) => void;
  onDataDir: (dir: string) => void;
}

export function useStartup({ initialTabs, onOpenFiles, onDragging, onDataDir }: Startup): void {
  // The newest callbacks, without starting again.
  const latest = useRef({ onOpenFiles, onDragging, onDataDir });
  latest.current = { onOpenFiles, onDragging, onDataDir };

  const cache = useQueryClient();
  useEffect(() => {
    const { notify, refresh, addPaths, report, changed } = useWorkspace.getState();
    void useQueries
      .getState()
      .load(initialTabs)
      .catch((e: unknown) => notify("error", errorMessage(e)));
    const stopPersisting = persistOpenTabs();

    const loadConnections = () =>
      void useConnections
        .getState()
        .load()
        .catch((e: unknown) => notify("error", errorMessage(e)));
    // Connections attach in the background at start-up and announce each status. The first
    // reads start once the subscription stands, so no change can fall between the two.
    const changes = backend.onWorkspaceChanged((change) => {
      changed(change);
      void readAgainFor(change, cache);
      if (change.kind === "connectionStatus") useConnections.getState().setStatus(change.id, change.status);
      if (change.kind === "settings") useSettings.getState().replace(change.settings);
      if (change.kind === "everything") {
        loadConnections();
        void useSettings.getState().load();
      }
    });
    void changes.then(() => {
      loadConnections();
      void refresh();
      void useSettings
        .getState()
        .load()
        .catch((e: unknown) => notify("error", errorMessage(e)));
      void backend.appInfo().then((info) => latest.current.onDataDir(info.dataDir));
      void useLayout.getState().load();
    });
    const filesAdded = backend.onFilesAdded(report);
    const unlisten: Promise<() => void>[] = [
      changes,
      backend.onFileDrop({ hover: (on) => latest.current.onDragging(on), drop: (paths) => void addPaths(paths) }),
      filesAdded,
      backend.onMenuCommand((action) => {
        if (action === "openFiles") latest.current.onOpenFiles();
        else void backend.pickFolder().then(addPaths);
      }),
    ];
    // Asked once the listener is in place: from then on the shell sends outcomes as events.
    void filesAdded
      .then(() => backend.takeStartupOutcomes())
      .then((outcomes) => {
        if (outcomes.length > 0) report(outcomes);
      });
    return () => {
      stopPersisting();
      unlisten.forEach((u) => void u.then((f) => f()));
    };
    // Once: later changes arrive as events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
