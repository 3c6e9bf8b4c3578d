import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist", "ui/src/lib/backend/bindings.ts", "tests/e2e/artifacts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["ui/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@tauri-apps/*"], message: "Only ui/src/lib/backend talks to Tauri." },
          ],
        },
      ],
    },
  },
  {
    files: ["ui/src/lib/backend/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["tests/e2e/**/*.{js,mjs,ts}", "scripts/**/*.{js,mjs}"],
    languageOptions: { globals: globals.node },
  },
);
