// ESLint flat config: typescript-eslint's recommended rules plus Pulumi's output-in-template-literal check.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    {
        // templates/: projects of their own (tsconfig, package.json), type-checked by tests/templates.
        ignores: [
            "bin/**",
            "node_modules/**",
            "policies/node_modules/**",
            "cli/*.js",
            "eslint.config.mjs",
            "templates/**",
        ],
    },
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-non-null-assertion": "error",
            "@typescript-eslint/no-floating-promises": "off",
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            // A named arg type over a shared one (ColorArgs, TrackArgs) keeps its name in the schema and the SDKs.
            "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
        },
    },
);
