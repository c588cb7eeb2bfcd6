// Fails (exit 1) when a TypeScript file holds anything that would let it compile against a spec whose types do not
// narrow: a non-null assertion (`data!`), a type assertion (`x as T`, `<T>x`, `x satisfies T` is fine), or a
// `@ts-ignore` / `@ts-expect-error` / `@ts-nocheck` comment. Run by tools/crosslang.py on the openapi-fetch
// consumer: `tsc --strict` proves it compiles, this proves it compiles without being told to.
//     node no-assertions.cjs TYPESCRIPT_MODULE FILE...
"use strict";
const fs = require("node:fs");
const [typescriptPath, ...files] = process.argv.slice(2);
const ts = require(typescriptPath);

const FORBIDDEN = {
  [ts.SyntaxKind.NonNullExpression]: "non-null assertion",
  [ts.SyntaxKind.AsExpression]: "type assertion (as)",
  [ts.SyntaxKind.TypeAssertionExpression]: "type assertion (<T>)",
};
let found = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const report = (pos, what) => {
    const { line, character } = source.getLineAndCharacterOfPosition(pos);
    console.log(`${file}:${line + 1}:${character + 1}: ${what}`);
    found += 1;
  };
  const visit = (node) => {
    // `as const` asserts nothing about the spec's types.
    const asConst = node.kind === ts.SyntaxKind.AsExpression && node.type.getText(source) === "const";
    if (FORBIDDEN[node.kind] && !asConst) report(node.getStart(source), FORBIDDEN[node.kind]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const match of text.matchAll(/^[ \t]*(?:\/\/|\/\*+)[ \t]*@ts-(ignore|expect-error|nocheck)\b/gm)) {
    report(match.index + match[0].indexOf("@"), `@ts-${match[1]}`);
  }
}
if (found) {
  console.log(`${found} assertion(s): the consumer must compile because the spec's types narrow, not because it says so.`);
  process.exit(1);
}
