/** Where repository files come from: the working tree, or a commit read through git. */
export interface FileSource {
  /** A description for messages, e.g. the root directory or `origin/main`. */
  readonly label: string;
  /** Files under a directory (repository-relative, `/`-separated), recursively; empty when absent. */
  list(directory: string): Promise<string[]>;
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
}

/** The same source with no identity listed: loading it reads the catalog files only. */
export function catalogOnly(source: FileSource): FileSource {
  return { label: source.label, list: async () => [], read: (path) => source.read(path) };
}
