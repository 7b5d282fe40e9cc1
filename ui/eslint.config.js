import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/bindings.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Components talk to Rust only through src/api: the generated bindings are the one
      // place that may import the IPC layer.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@tauri-apps/api/core", message: "Use the api module (src/api) instead of invoke." },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**/*.{ts,tsx}", "src/api/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
