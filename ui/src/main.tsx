import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { backend } from "./lib/backend";

const host = document.getElementById("root");
if (!host) throw new Error("index.html has no #root element");
const root = createRoot(host);
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
