/**
 * Container image references: `[registry[:port]/]path[:tag][@digest]`.
 */

/** The parts of an image reference. */
export interface ImageRef {
    /** Registry host, normalised: `docker.io` when the reference names none. */
    readonly registry: string;
    /** Repository path, normalised: `library/nginx` for Docker Hub official images. */
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

/** Parses an image reference. */
export function parseImage(image: string): ImageRef {
    let rest = image.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const slash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    const first = rest.indexOf("/");
    let registry = "docker.io";
    let repository = rest;
    if (first >= 0) {
        const head = rest.slice(0, first);
        if (head.includes(".") || head.includes(":") || head === "localhost") {
            registry = head;
            repository = rest.slice(first + 1);
        }
    }
    if (registry === "docker.io" && !repository.includes("/")) {
        repository = `library/${repository}`;
    }
    return { registry, repository, tag: tag === "" ? undefined : tag, digest: digest === "" ? undefined : digest };
}
