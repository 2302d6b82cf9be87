import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // lib/ never imports from app/ (one-way imports).
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "../app/*", "../../app/*"], message: "lib/ must not import from app/." }] }],
    },
  },
  {
    // lib/ is what the app runs: training code (tools/) and test fakes (tests/) stay out of it; its colocated tests may use fakes.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/app/*", "../app/*", "../../app/*"], message: "lib/ must not import from app/." },
            { group: ["@/tools/*", "@/tests/*", "@/scripts/*"], message: "lib/ must not import from tools/, tests/ or scripts/." },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", "bench/floor/.next/**", "out/**", "node_modules/**", "next-env.d.ts", "public/**", "test-results/**", "playwright-report/**", "bench/results/**"]),
]);
