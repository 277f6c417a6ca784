import type { OutputSink } from '../plugin/contract';

/**
 * An {@link OutputSink} that keeps what analyses stream in memory: for tests, and for hosts with no
 * file system (a browser that offers the files as downloads afterwards). Closed files are in
 * `files` (name → bytes); an aborted file is dropped; a name is handed out once.
 */
export function memoryOutputSink(): OutputSink & { files: Map<string, Uint8Array>; closed: string[]; aborted: string[] } {
  const files = new Map<string, Uint8Array>();
  const open = new Set<string>();
  const closed: string[] = [];
  const aborted: string[] = [];
  return {
    files,
    closed,
    aborted,
    async create(name) {
      if (files.has(name) || open.has(name)) throw new Error(`output "${name}" was already created`);
      open.add(name);
      const chunks: Uint8Array[] = [];
      return {
        // Copy: the analysis may reuse its buffer for the next slab.
        write: async (chunk) => void chunks.push(chunk.slice()),
        close: async () => {
          const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) {
            bytes.set(c, at);
            at += c.length;
          }
          open.delete(name);
          files.set(name, bytes);
          closed.push(name);
          return { name, size: bytes.length };
        },
        abort: async () => {
          open.delete(name);
          aborted.push(name);
        },
      };
    },
  };
}
