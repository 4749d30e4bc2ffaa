import { loadDirectory, type Directory } from './directory.js';

export type ReloadResult = { status: 'reloaded'; entries: number } | { status: 'kept'; reason: string };

/**
 * Holds the directory a running bot searches. `reload()` builds the new index completely, and only then
 * swaps the reference: searches in flight keep the old one, and a bad file leaves the old one in place.
 */
export class DirectoryHolder {
  #current: Directory;

  private constructor(
    readonly path: string,
    first: Directory,
    private readonly load: (path: string) => Directory,
  ) {
    this.#current = first;
  }

  /** Throws if the file is missing or invalid: a bot should not start without its directory. */
  static open(path: string, load: (path: string) => Directory = loadDirectory): DirectoryHolder {
    return new DirectoryHolder(path, load(path), load);
  }

  get current(): Directory {
    return this.#current;
  }

  reload(): ReloadResult {
    try {
      const next = this.load(this.path);
      if (next.entries.length === 0) return { status: 'kept', reason: `${this.path} has no entries` };
      this.#current = next;
      return { status: 'reloaded', entries: next.entries.length };
    } catch (error) {
      return { status: 'kept', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
