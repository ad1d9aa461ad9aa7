// Every public export is documented: a TSDoc comment on each, and an
// @example on each function, class and constant (types need only the comment).
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types?: string }> };
const entries = Object.entries(pkg.exports)
  .filter(([k]) => k !== './package.json')
  .map(([k, v]) => [k, v.types!.replace('./dist/', '').replace(/\.d\.ts$/, '.ts')] as const);

const program = ts.createProgram(
  entries.map(([, f]) => f),
  { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true },
);
const checker = program.getTypeChecker();

function problemsOf(entry: string): string[] {
  const source = program.getSourceFile(entry);
  if (source === undefined) return [`${entry}: not found`];
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const problems: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (decl === undefined) continue;
    const file = decl.getSourceFile().fileName;
    if (file.includes('node_modules')) continue;
    const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker).map((t) => t.name);
    const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
    const where = `${exported.name} (${file.replace(process.cwd() + '/', '')})`;
    if (docs === '') problems.push(`${where}: no TSDoc comment`);
    else if (isValue && !tags.includes('example')) problems.push(`${where}: no @example`);
  }
  return problems;
}

describe('TSDoc on every public export', () => {
  for (const [entry, file] of entries) {
    it(`${entry} (${file})`, () => {
      expect(problemsOf(file)).toEqual([]);
    });
  }
});
