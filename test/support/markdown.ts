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

/**
 * What a reader would see that the author of the strings had no right to write: images, links,
 * emphasis around an approval, raw HTML other than the renderer's own (`ownHtml`), live mentions.
 */
export function forgedMarkdown(markdown: string, ownHtml: readonly RegExp[] = []): string[] {
  const textOf = (item: MarkdownNode): string => item.value ?? (item.children ?? []).map(textOf).join('');
  const problems: string[] = [];
  for (const node of nodes(parseMarkdown(markdown))) {
    if (node.type === 'image') problems.push('an image');
    if (node.type === 'link') problems.push(`a link: ${textOf(node)}`);
    if ((node.type === 'strong' || node.type === 'emphasis') && /approv/i.test(textOf(node))) problems.push(`emphasis: ${textOf(node)}`);
    if (node.type === 'html' && !ownHtml.some((allowed) => allowed.test(node.value ?? ''))) problems.push(`raw HTML: ${node.value}`);
    if (node.type === 'text' && /(^|[^\w`])@[A-Za-z0-9]/.test(node.value ?? '')) problems.push(`a live mention: ${node.value}`);
  }
  return problems;
}
