// Rendering for the UI's tests: the component inside its own read cache, as the app's root
// provides one (a fresh cache per render, so no test sees another's reads).
import { QueryClientProvider } from "@tanstack/react-query";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";

import { newReads } from "../lib/reads";

export function renderWithReads(ui: ReactElement): RenderResult & { reads: ReturnType<typeof newReads> } {
  const reads = newReads();
  const wrap = (node: ReactNode) => <QueryClientProvider client={reads}>{node}</QueryClientProvider>;
  const result = render(wrap(ui));
  return { ...result, reads, rerender: (next: ReactNode) => result.rerender(wrap(next)) };
}
