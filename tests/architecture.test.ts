/**
 * The layout's rules, checked on the source: small files, the engine never
 * reaching into the app, the app and the command line using each engine
 * folder's public face, and components free of ALE math.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

/** Relative import targets of a file, resolved to paths from the project root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => relative(ROOT, resolve(dirname(join(ROOT, file)), s)));
}

const engine = sourceFiles('workers');
const app = sourceFiles('app');
const cli = sourceFiles('cli');

describe('the layout', () => {
  it(`keeps every file in workers/ and app/ at ${MAX_LINES} lines or fewer`, () => {
    const long = [...engine, ...app]
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f} (${x.lines})`);
    expect(long).toEqual([]);
  });

  it('never imports the app or the command line from the engine', () => {
    const upward = engine.flatMap((f) => imports(f).filter((t) => t.startsWith('app/') || t.startsWith('cli/')).map((t) => `${f} → ${t}`));
    expect(upward).toEqual([]);
  });

  it("imports the engine from the app and the command line only through each folder's index.ts", () => {
    const deep = [...app, ...cli].flatMap((f) =>
      imports(f)
        .filter((t) => t.startsWith('workers/') && !/^workers\/[a-z]+\/index\.ts$/.test(t))
        // Worker entry points are started by URL (or loaded by a thread bootstrap), not imported for their exports.
        .filter((t) => !/\.(browser|node)\.ts$/.test(t))
        .map((t) => `${f} → ${t}`),
    );
    expect(deep).toEqual([]);
  });

  it('keeps ALE math out of components: no component imports workers/core or workers/inference', () => {
    const components = app.filter((f) => f.endsWith('.tsx'));
    expect(components.length).toBeGreaterThan(5);
    const math = components.flatMap((f) => imports(f).filter((t) => /^workers\/(core|inference)\//.test(t)).map((t) => `${f} → ${t}`));
    expect(math).toEqual([]);
  });
});
