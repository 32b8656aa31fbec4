import "@fontsource-variable/inter";
import "@digdir/designsystemet-css";
import "@digdir/designsystemet-theme/digdir.css";
import "./styles.css";
import "../i18n";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
