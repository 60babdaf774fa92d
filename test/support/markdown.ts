/**
 * Markdown as GitHub would read it, for tests: an independent GFM parser (micromark, the parser
 * behind remark) turns what we render into a syntax tree to assert on.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
}

export function parseMarkdown(source: string): MarkdownNode {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MarkdownNode;
}

/** Every node of the tree, depth first. */
export function nodes(tree: MarkdownNode): MarkdownNode[] {
  return [tree, ...(tree.children ?? []).flatMap(nodes)];
}
