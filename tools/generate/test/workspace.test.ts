import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../src/workspace.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hexabill-workspace-'));
  mkdirSync(join(root, 'packages/core/src/kernel'), { recursive: true });
  writeFileSync(
    join(root, 'list.ts'),
    "import { a } from './a.js';\nimport {\n  b,\n} from './b.js';\n\nexport const LIST = [\n  a,\n  // hexabill-generate: items\n];\n",
  );
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('Workspace', () => {
  it('adds entries above a marker at its indentation and imports after the last import, writing only on commit', () => {
    const ws = new Workspace(root);
    ws.insertAt('list.ts', 'items', ['c,', 'd,']);
    ws.addImport('list.ts', "import { c, d } from './cd.js';");
    ws.addImport('list.ts', "import { c, d } from './cd.js';");
    expect(readFileSync(join(root, 'list.ts'), 'utf8')).not.toContain('c,');
    expect(ws.commit()).toEqual([{ path: 'list.ts', created: false }]);
    expect(readFileSync(join(root, 'list.ts'), 'utf8')).toBe(
      "import { a } from './a.js';\nimport {\n  b,\n} from './b.js';\nimport { c, d } from './cd.js';\n\nexport const LIST = [\n  a,\n  c,\n  d,\n  // hexabill-generate: items\n];\n",
    );
  });

  it('names the file and the missing marker or pattern, and refuses to overwrite a file', () => {
    const ws = new Workspace(root);
    expect(() => {
      ws.insertAt('list.ts', 'nothing', 'x');
    }).toThrow('list.ts: no "// hexabill-generate: nothing" line');
    expect(() => {
      ws.replace('list.ts', /absent/, () => '', 'an absent thing');
    }).toThrow('list.ts: expected exactly one an absent thing, found 0');
    expect(() => {
      ws.create('list.ts', 'x');
    }).toThrow('list.ts already exists');
    expect(() => new Workspace(join(root, 'packages'))).toThrow(/is not a hexabill repository/);
  });
});
