import { readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { fromSrc, sourceFiles } from '../../support/source-files';

/** Whether the source declares a class decorated with Nest's @Module(...). */
function declaresModule(source: string): boolean {
  const file = ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return file.statements.some(
    (statement) =>
      ts.isClassDeclaration(statement) &&
      (ts.getDecorators(statement) ?? []).some(
        (d) => ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) && d.expression.expression.text === 'Module',
      ),
  );
}

describe('architecture: *.module.ts', () => {
  it('is used only for Nest @Module classes (stage implementations are *.stage.ts)', () => {
    const files = sourceFiles('.').filter((f) => f.endsWith('.module.ts'));
    expect(files.length).toBeGreaterThan(10);
    const notModules = files.filter((f) => !declaresModule(readFileSync(f, 'utf8'))).map(fromSrc);
    expect(notModules).toEqual([]);
  });

  it('the check tells a @Module class from a provider and from a mention in a comment', () => {
    expect(declaresModule(`import { Module } from '@nestjs/common';\n@Module({ providers: [] })\nexport class AModule {}`)).toBe(true);
    expect(declaresModule(`import { Injectable } from '@nestjs/common';\n/** not a @Module( */\n@Injectable()\nexport class WebhookModule {}`)).toBe(false);
  });
});
