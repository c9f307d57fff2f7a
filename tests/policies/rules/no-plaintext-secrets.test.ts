/** `no-plaintext-secrets`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("no-plaintext-secrets", {
    passing: [
        {
            name: "references and file paths",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).env = [
                            { name: "API_TOKEN", value: "$(OTHER)" },
                            { name: "TOKEN_URL", value: "https://x" },
                            { name: "AWS_ACCESS_KEY_ID", value: "AKIA" },
                            { name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "" },
                            { name: "PWD", value: "/app" },
                            { name: "ENABLE_PASSWORD_AUTH", value: "true" },
                        ]),
                ),
        },
        {
            name: "allowed name",
            config: { allowedNames: ["DB_PASSWORD"] },
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: "dev" }])),
        },
    ],
    failing: [
        {
            name: "literal password",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: "hunter2" }])),
            message: "DB_PASSWORD",
        },
        {
            name: "literal API token",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "GITHUB_API_TOKEN", value: "ghp_x" }])),
        },
        {
            name: "AWS secret key",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "AWS_SECRET_ACCESS_KEY", value: "abc" }])),
        },
        {
            name: "empty password",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "MYSQL_ROOT_PASSWORD", value: "" }])),
            message: "empty",
        },
        {
            name: "MYSQL_ALLOW_EMPTY_PASSWORD",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "1" }])),
            message: "disables authentication",
        },
        {
            name: "POSTGRES_HOST_AUTH_METHOD=trust",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "POSTGRES_HOST_AUTH_METHOD", value: "trust" }])),
        },
        {
            name: "extra pattern",
            config: { extraSecretNamePatterns: ["^LICENSE$"] },
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "LICENSE", value: "abc" }])),
        },
    ],
});
