/** The one template filler of the stateful family's scripts and configuration files. */

/** Replaces `{{KEY}}` placeholders; every placeholder must have a value. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
    return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, key: string) => {
        const value = values[key];
        if (value === undefined) {
            throw new Error(`no value for template placeholder {{${key}}}`);
        }
        return value;
    });
}
