// The sidebar's trees (data sources, connections, local tables) on React Aria's Tree: ARIA
// tree roles, arrow keys (Right opens, Left closes and goes to the parent), Home/End and
// type-ahead. A row keeps its own buttons and checkboxes; text fields inside a row keep their
// keys (see `keepKeys`).
import { ChevronDown, ChevronRight } from "lucide-react";
import { Children, createContext, Fragment, useContext, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button, Tree as AriaTree, TreeItem, TreeItemContent } from "react-aria-components";

type DataAttributes = Record<`data-${string}`, string | undefined>;

/** Whether a row is open: its children are made only then, so a table's columns load when
 *  it is opened, not when the tree is drawn. */
const IsOpen = createContext<(id: string) => boolean>(() => false);

interface TreeProps {
  label: string;
  testId?: string;
  children: ReactNode;
  /** Rows open until the user closes them. */
  defaultOpen?: Iterable<string>;
  /** Rows held open (while the sidebar's filter finds something inside them). */
  held?: Iterable<string>;
}

const ignore = () => undefined;

export function Tree({ label, testId, children, defaultOpen = [], held = [] }: TreeProps) {
  // The rows the user opened or closed against their default.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const defaults = useMemo(() => new Set(defaultOpen), [defaultOpen]);
  const holding = useMemo(() => new Set(held), [held]);
  const expanded = useMemo(() => {
    const open = new Set(holding);
    for (const id of defaults) if (!toggled.has(id)) open.add(id);
    for (const id of toggled) if (!defaults.has(id)) open.add(id);
    return open;
  }, [defaults, holding, toggled]);
  const change = (keys: Set<string | number>) => {
    const next = new Set([...keys].map(String));
    setToggled((before) => {
      const after = new Set(before);
      for (const id of new Set([...next, ...expanded])) {
        if (holding.has(id)) continue;
        const wanted = next.has(id);
        if (wanted === defaults.has(id)) after.delete(id);
        else after.add(id);
      }
      return after;
    });
  };
  return (
    <IsOpen.Provider value={(id) => expanded.has(id)}>
      {/* A row opens by its chevron or the Right key only: a press on the row (on its name, its
          buttons, its checkbox) is the row's own. */}
      <AriaTree aria-label={label} className="tree" data-testid={testId} expandedKeys={expanded} onExpandedChange={change} onAction={ignore}>
        {children}
      </AriaTree>
    </IsOpen.Provider>
  );
}

interface NodeProps {
  id: string;
  /** What type-ahead matches. */
  text: string;
  className?: string;
  data?: DataAttributes;
  /** The row: name, badges, actions (after the expand button). */
  row: ReactNode;
  /** Shown under the row whether it is open or not (a failure's reason). */
  below?: ReactNode;
  /** What opening it shows; none: it does not open. */
  children?: ReactNode;
}

export function Node({ id, text, className = "node", data, row, below, children }: NodeProps) {
  const isOpen = useContext(IsOpen);
  const opens = Children.toArray(children).length > 0;
  return (
    <TreeItem id={id} textValue={text} className={className} {...data}>
      <TreeItemContent>
        {({ isExpanded, hasChildItems }) => (
          <>
            <div className="node-row">
              {hasChildItems ? (
                <Button slot="chevron" className="twisty" aria-label={isExpanded ? "Collapse" : "Expand"}>
                  {isExpanded ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
                </Button>
              ) : (
                <span className="twisty" aria-hidden />
              )}
              {row}
            </div>
            {below}
          </>
        )}
      </TreeItemContent>
      {opens && (isOpen(id) ? <Fragment key="open">{children}</Fragment> : <ClosedMark key="closed" id={id} />)}
    </TreeItem>
  );
}

/** What a closed row holds in place of its children, so the tree knows it opens (its aria-expanded
 *  and Right key) while the children, which may load data, are made only when it opens. */
function ClosedMark({ id }: { id: string }) {
  return (
    <TreeItem id={`${id}\u0000closed`} textValue="…" className="leaf closed">
      <TreeItemContent>{null}</TreeItemContent>
    </TreeItem>
  );
}

/** A leaf under a node: a column, a path, a hint. */
export function Leaf({ id, text, children, className = "leaf", data }: { id: string; text: string; children: ReactNode; className?: string; data?: DataAttributes }) {
  return (
    <TreeItem id={id} textValue={text} className={className} {...data}>
      <TreeItemContent>{children}</TreeItemContent>
    </TreeItem>
  );
}

/** Keeps a text field's or a list box's keys inside it: the tree's arrows and type-ahead would
 *  otherwise take them. */
export function keepKeys(e: KeyboardEvent): void {
  e.stopPropagation();
}
