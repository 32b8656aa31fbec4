// What action learning offers the other features (eslint.config.js: a feature is imported
// through its index, never file by file). The run chart's styles come with it.
import "./learning.css";

export { RunChart } from "./RunChart";
