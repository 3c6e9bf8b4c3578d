// Column widths a user set, remembered per query and column name (in the webview's storage, so
// they survive a restart); a result with other columns simply finds none for them.
const PREFIX = "qbox.columnWidths.";

export function loadWidths(queryId: number | null): Record<string, number> {
  if (queryId === null) return {};
  try {
    const raw = localStorage.getItem(`${PREFIX}${queryId}`);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== "object" || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === "number"));
  } catch {
    return {};
  }
}

export function saveWidth(queryId: number | null, column: string, width: number): void {
  if (queryId === null) return;
  const widths = { ...loadWidths(queryId), [column]: Math.round(width) };
  try {
    localStorage.setItem(`${PREFIX}${queryId}`, JSON.stringify(widths));
  } catch {
    // Storage full or unavailable: the width lasts as long as the grid.
  }
}
