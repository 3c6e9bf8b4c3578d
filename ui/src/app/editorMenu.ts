// The editor's right-click menu, labelled with the shortcuts' own keys.
import { explainSql, fixWithAi } from "../features/assistant/assistantActions";
import { editors } from "../features/editor/editors";
import { describeError } from "../lib/backend";
import { withKeys } from "../lib/shortcuts";
import { useAppActions, useCurrent } from "./actions";

const testId = (id: string) => ({ "data-testid": id }) as Record<`data-${string}`, string>;

export function useEditorMenu() {
  const { runNow } = useAppActions();
  const { run, aiReady } = useCurrent();
  return [
    { key: "run", label: withKeys("Run", "run"), onSelect: () => void runNow() },
    { key: "run-all", label: withKeys("Run all", "runAll"), onSelect: () => void runNow(true) },
    { key: "format", label: withKeys("Format SQL", "format"), onSelect: () => editors.current()?.format() },
    { key: "plan", label: "Show plan (EXPLAIN)", onSelect: () => void runNow(false, "plan"), data: testId("menu-plan") },
    {
      key: "analyze",
      label: "Run with EXPLAIN ANALYZE (measures each step)",
      onSelect: () => void runNow(false, "analyze"),
      data: testId("menu-analyze"),
    },
    { key: "explain", label: withKeys("Explain with AI", "explain"), disabled: !aiReady, onSelect: () => void explainSql(), data: testId("menu-explain") },
    {
      key: "fix",
      label: "Fix with AI",
      disabled: !aiReady || run.status !== "failed",
      onSelect: () => {
        if (run.status === "failed") fixWithAi(run.sql, describeError(run.error));
      },
      data: testId("menu-fix"),
    },
  ];
}
