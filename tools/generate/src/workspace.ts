import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The repository being extended. New files are written only where nothing exists; existing files
 * change only at their `// hexabill-generate: <slot>` lines (new entries go just above the line,
 * at its indentation) or by a named, checked replacement. Every failure names the file and what was
 * looked for, and nothing is written until every change has been prepared.
 */
export class Workspace {
  readonly #pending = new Map<string, string>();
  readonly #created = new Set<string>();

  constructor(readonly root: string) {
    if (!existsSync(join(root, 'packages/core/src/kernel')))
      throw new Error(`${root} is not a hexabill repository (no packages/core/src/kernel)`);
  }

  exists(path: string): boolean {
    return this.#pending.has(path) || existsSync(join(this.root, path));
  }

  read(path: string): string {
    const pending = this.#pending.get(path);
    if (pending !== undefined) return pending;
    if (!existsSync(join(this.root, path))) throw new Error(`${path} does not exist`);
    return readFileSync(join(this.root, path), 'utf8');
  }

  list(folder: string): string[] {
    const full = join(this.root, folder);
    return existsSync(full) ? readdirSync(full) : [];
  }

  /** A new file; refuses to overwrite one, so running a generator twice changes nothing. */
  create(path: string, content: string): void {
    if (this.exists(path)) throw new Error(`${path} already exists: nothing was written`);
    this.#pending.set(path, content.endsWith('\n') ? content : `${content}\n`);
    this.#created.add(path);
  }

  /** Inserts `lines` above the marker `// hexabill-generate: <slot>`, indented as the marker is. */
  insertAt(path: string, slot: string, lines: string | readonly string[]): void {
    const text = this.read(path);
    const marker = new RegExp(`^([ \\t]*)// hexabill-generate: ${escape(slot)}$`, 'm');
    const found = marker.exec(text);
    if (!found) throw new Error(`${path}: no "// hexabill-generate: ${slot}" line to add entries at`);
    const indent = found[1] ?? '';
    const block = (typeof lines === 'string' ? lines.split('\n') : lines).map((line) => (line === '' ? '' : indent + line)).join('\n');
    this.#pending.set(path, text.slice(0, found.index) + block + '\n' + text.slice(found.index));
  }

  /** Adds an import after the file's last top-level import (once). */
  addImport(path: string, statement: string): void {
    const text = this.read(path);
    if (text.includes(statement)) return;
    const imports = [...text.matchAll(/^import [^;]+;$/gm)];
    const last = imports.at(-1);
    const at = last ? last.index + last[0].length : 0;
    this.#pending.set(path, `${text.slice(0, at)}${at === 0 ? '' : '\n'}${statement}${at === 0 ? '\n' : ''}${text.slice(at)}`);
  }

  /** Replaces the one match of `pattern`; `what` says in the error what was expected there. */
  replace(path: string, pattern: RegExp, replacement: (match: string, ...groups: string[]) => string, what: string): void {
    const text = this.read(path);
    const matches = [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))];
    if (matches.length !== 1) throw new Error(`${path}: expected exactly one ${what}, found ${String(matches.length)}`);
    this.#pending.set(
      path,
      text.replace(pattern, (match: string, ...rest: unknown[]) =>
        replacement(match, ...rest.filter((g): g is string => typeof g === 'string')),
      ),
    );
  }

  /** Adds a line at the end of the file (once). */
  append(path: string, line: string): void {
    const text = this.read(path);
    if (text.includes(line)) return;
    this.#pending.set(path, `${text.trimEnd()}\n${line}\n`);
  }

  /** Writes every prepared change; returns the files written, created ones marked. */
  commit(): { path: string; created: boolean }[] {
    const written = [...this.#pending].map(([path, content]) => {
      const full = join(this.root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return { path: relative(this.root, full), created: this.#created.has(path) };
    });
    this.#pending.clear();
    return written;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
