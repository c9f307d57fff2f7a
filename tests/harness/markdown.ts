/** The ```ts blocks of a Markdown file, in order. */
export function typescriptBlocks(markdown: string): string[] {
    const blocks: string[] = [];
    const fence = /```(?:ts|typescript)\n([\s\S]*?)```/g;
    for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
        blocks.push(match[1] ?? "");
    }
    return blocks;
}
