// Tabs of the open queries: click to switch, middle-click or the close button, a dot while running.
import { X } from "lucide-react";

import type { QueryDto } from "../../lib/backend";
import { withKeys } from "../../lib/shortcuts";

interface Props {
  tabs: QueryDto[];
  currentId: number | null;
  running: ReadonlySet<number>;
  onSelect: (id: number) => void;
  onClose: (id: number) => void;
}

export function TabBar({ tabs, currentId, running, onSelect, onClose }: Props) {
  return (
    <div className="tabbar" role="tablist" aria-label="Open queries" data-testid="tabbar">
      {tabs.map((q) => (
        <div
          key={q.id}
          role="tab"
          aria-selected={q.id === currentId}
          className={q.id === currentId ? "tab current" : "tab"}
          data-testid="tab"
          data-name={q.name}
          title={q.name}
          onMouseDown={(e) => {
            if (e.button === 1) {
              e.preventDefault();
              onClose(q.id);
            }
          }}
        >
          <button className="tab-name" onClick={() => onSelect(q.id)}>
            {running.has(q.id) && <span className="running-dot" aria-label="running" />}
            {q.name}
          </button>
          <button className="tab-close" aria-label={`Close ${q.name}`} title={withKeys("Close tab", "closeTab")} onClick={() => onClose(q.id)}>
            <X size={14} aria-hidden />
          </button>
        </div>
      ))}
    </div>
  );
}
