import "./styles.css";

import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { backend } from "./lib/backend";
import { reads } from "./lib/reads";

const host = document.getElementById("root");
if (!host) throw new Error("index.html has no #root element");

/** Shows a start-up failure in the window instead of leaving it blank. */
function showFatal(error: unknown) {
  const pre = document.createElement("pre");
  pre.className = "fatal";
  pre.dataset.testid = "fatal";
  pre.textContent = `QBox could not start its window:\n${error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error)}`;
  host?.replaceChildren(pre);
  backend.log("error", pre.textContent);
}

backend
  .openTabs()
  .catch(() => ({ ids: [], active: null }))
  .then((tabs) => {
    createRoot(host).render(
      <StrictMode>
        <QueryClientProvider client={reads}>
          <App initialTabs={tabs} />
        </QueryClientProvider>
      </StrictMode>,
    );
  })
  .catch(showFatal);
window.addEventListener("error", (e) => {
  backend.log("error", `${e.message} at ${e.filename}:${e.lineno}`);
  if (!host.hasChildNodes()) showFatal(e.error ?? e.message);
});
window.addEventListener("unhandledrejection", (e) => backend.log("error", `unhandled rejection: ${String(e.reason)}`));
