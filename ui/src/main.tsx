import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { backend } from "./lib/backend";

const root = createRoot(document.getElementById("root")!);
backend
  .editorDraft()
  .catch(() => "")
  .then((sql) => {
    root.render(
      <StrictMode>
        <App initialSql={sql} />
      </StrictMode>,
    );
  });
