// The web app's import rules (ARCHITECTURE.md, conventions 11 and 17): a feature does not
// reach into another feature's files. What a feature offers the others it exports from its
// own index.ts ("../feed", never "../feed/CommentThread"); code that several features share
// lives in src/components and src/lib, which import no feature's files. src/app composes
// the features and src/i18n their message catalogues: they may import any of them.
import { readdirSync } from "node:fs";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Which other features a feature may use (through their index). Kept acyclic: the config
// refuses to load with a cycle, so two features never import each other.
const uses = {
  learning: ["feed"],
  network: ["feed", "privacy"],
  profile: ["feed", "privacy"],
  progress: ["learning"],
};

function assertAcyclic(graph) {
  const state = new Map();
  const visit = (node, path) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") throw new Error(`eslint.config.js: features import each other: ${[...path, node].join(" -> ")}`);
    state.set(node, "open");
    for (const next of graph[node] ?? []) visit(next, [...path, node]);
    state.set(node, "done");
  };
  for (const node of Object.keys(graph)) visit(node, []);
}
assertAcyclic(uses);

const message =
  "Import another feature through its index.ts (\"../<feature>\"), or move shared code to src/components or src/lib.";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/api/schema.d.ts"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { parser: tseslint.parser },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            // from src/features/<feature>/ and from its subfolders
            { regex: `^\\.\\./(?!${feature}(/|$))[\\w-]+/`, message },
            { regex: `^\\.\\./\\.\\./(?!${feature}(/|$))(${features.join("|")})/`, message },
            { regex: "^(\\.\\./)+features/", message },
            {
              regex: `^\\.\\./(?!(${[feature, ...(uses[feature] ?? [])].join("|")})$)(${features.join("|")})$`,
              message: `${feature} may use only ${(uses[feature] ?? []).join(", ") || "no other feature"} (the uses map in eslint.config.js).`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ["src/components/**/*.{ts,tsx}", "src/lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^\\.\\./features/[\\w-]+/", message }] },
      ],
    },
  },
);
