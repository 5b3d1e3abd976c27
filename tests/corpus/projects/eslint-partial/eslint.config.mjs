import js from "@eslint/js";

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { console: "readonly" } },
    rules: { "no-var": "error", "prefer-const": "warn", eqeqeq: "warn", "no-console": "warn" },
  },
];
