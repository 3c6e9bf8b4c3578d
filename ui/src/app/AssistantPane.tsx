// The assistant's chat for the open query, beside the workbench.
import { useCallback } from "react";

import { editorSql, offerSuggestion } from "../features/assistant/assistantActions";
import { ChatPanel } from "../features/assistant/ChatPanel";
import { useUi } from "../state/ui";
import { useAppActions, useCurrent } from "./actions";

export function AssistantPane() {
  const { notify } = useAppActions();
  const { query, aiReady } = useCurrent();
  const request = useUi((u) => u.chatRequest);
  const show = useUi((u) => u.show);
  // Stable, so the chat does not report the same failure again on each render.
  const onError = useCallback((m: string) => notify("error", m), [notify]);
  if (!query) return null;
  return (
    <ChatPanel
      queryId={query.id}
      ready={aiReady}
      editorSql={editorSql}
      request={request}
      onApply={(suggestion, run) => void offerSuggestion(query.id, suggestion, run)}
      onOpenSettings={() => show({ kind: "settings" })}
      onError={onError}
    />
  );
}
