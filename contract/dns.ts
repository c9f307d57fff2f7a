/**
 * Kubernetes' name rules (k8s.io/apimachinery validation), one implementation for components, policies and CLI.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The longest DNS-1123 label (object names such as Services, label values, port names are shorter still). */
export const DNS1123_LABEL_MAX = 63;

/** The longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX = 253;

/** True for a DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63. */
export function isDns1123Label(value: string): boolean {
    return value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

/** True for a DNS-1123 subdomain: labels joined by '.', at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
    return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/** True for a DNS-1035 label (Service names): like a DNS-1123 label, but starting with a letter. */
export function isDns1035Label(value: string): boolean {
    return value.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(value);
}

/**
 * True for an IANA service name (container and Service port names): at most 15 lower-case alphanumerics and '-',
 * at least one letter, no leading, trailing or doubled '-'.
 */
export function isPortName(value: string): boolean {
    return value.length <= 15 && IANA_SVC_NAME.test(value) && !value.includes("--") && /[a-z]/.test(value);
}

/** True for a label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a 63-character name. */
export function isQualifiedName(value: string): boolean {
    const slash = value.lastIndexOf("/");
    const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
    const name = slash >= 0 ? value.slice(slash + 1) : value;
    if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) {
        return false;
    }
    return name.length <= DNS1123_LABEL_MAX && QUALIFIED_NAME.test(name);
}

/** True for a label value: empty, or up to 63 of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
    return value.length <= DNS1123_LABEL_MAX && LABEL_VALUE.test(value);
}
