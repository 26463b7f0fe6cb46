import { readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { fromSrc, sourceFiles } from '../../support/source-files';

/**
 * One data-access idiom: only repositories (`*.repository.ts`, in the folder that owns the table)
 * reach the database; services, stage modules and caches call them, and open transactions only
 * through TenantDatabase.transaction / PlatformDatabase.transaction (src/framework/database, the
 * database layer itself, is where those live).
 *
 * Everywhere in src outside a repository: no `.query(`, `getRepository(`, `createQueryBuilder(`,
 * `@InjectRepository`, `dataSource.transaction(`, no `.statement(` (TenantDatabase/PlatformDatabase
 * statements), no calls on a transaction handle (`manager.…(` / `tx.…(`: services only pass it on)
 * and no TypeORM DataSource, except in the composition roots that create one (COMPOSITION_ROOTS).
 */

/** The CLI commands build their own DataSource (no Nest app); they hand it to repositories and the migration runner. */
const COMPOSITION_ROOTS = ['cli/'];

const isRepository = (path: string): boolean => path.endsWith('.repository.ts');
const isDatabaseLayer = (path: string): boolean => path.startsWith('framework/database/');

/** The last name of a receiver: `this.dataSource` → dataSource, `manager` → manager. */
function receiverName(expression: ts.Expression): string | null {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return null;
}

/** The ways a file reaches the database, by kind (each kind once). `strict` adds the rules on statements, transaction handles and DataSource. */
export function databaseAccess(source: string, strict: boolean): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) && ts.isCallExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'InjectRepository') {
      found.add('@InjectRepository');
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && (callee.text === 'getRepository' || callee.text === 'createQueryBuilder')) found.add(`${callee.text}(`);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const receiver = receiverName(callee.expression);
        if (method === 'query') found.add('.query(');
        if (method === 'getRepository' || method === 'createQueryBuilder') found.add(`${method}(`);
        if (method === 'transaction' && receiver && /^(dataSource|connection)$/i.test(receiver)) found.add('.transaction( on a DataSource');
        if (strict && method === 'statement') found.add('.statement(');
        if (strict && receiver && /^(manager|entityManager|tx)$/.test(receiver)) found.add(`${receiver}.${method}(`);
      }
    }
    if (strict && ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'typeorm') {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => (e.propertyName ?? e.name).text === 'DataSource')) found.add('DataSource');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

function offenders(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const path of sourceFiles('.')) {
    const name = fromSrc(path);
    if (isRepository(name) || isDatabaseLayer(name)) continue;
    const root = COMPOSITION_ROOTS.some((folder) => name.startsWith(folder));
    const kinds = databaseAccess(readFileSync(path, 'utf8'), true).filter((kind) => !(root && kind === 'DataSource'));
    if (kinds.length > 0) result.set(name, kinds);
  }
  return result;
}

describe('architecture: data access', () => {
  const found = offenders();

  it('no file outside a repository (and the database layer) reaches the database', () => {
    expect(sourceFiles('.').length).toBeGreaterThan(250);
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('the check sees every way of reaching the database and ignores comments and strings', () => {
    const source = [
      `import { DataSource, EntityManager } from 'typeorm';`,
      `// this.dataSource.query('not code'); getRepository(X)`,
      `const text = 'manager.query(1)';`,
      `class S {`,
      `  constructor(@InjectRepository(Invoice) private readonly invoices: Repository<Invoice>, private readonly dataSource: DataSource) {}`,
      `  async a(manager: EntityManager) {`,
      `    await this.dataSource.query<Row[]>('SELECT 1');`,
      `    await this.dataSource.getRepository(X).find();`,
      `    await manager.getRepository(X).createQueryBuilder('x').getMany();`,
      `    await this.dataSource.transaction(async (tx) => tx.update(X, {}, {}));`,
      `    await this.db.statement('t', 'SELECT 1');`,
      `    await this.db.transaction('t', async (tx) => this.repository.save(tx, 1));`,
      `  }`,
      `}`,
    ].join('\n');
    expect(databaseAccess(source, false)).toEqual(['.query(', '.transaction( on a DataSource', '@InjectRepository', 'createQueryBuilder(', 'getRepository(']);
    expect(databaseAccess(source, true)).toEqual([
      '.query(',
      '.statement(',
      '.transaction( on a DataSource',
      '@InjectRepository',
      'DataSource',
      'createQueryBuilder(',
      'getRepository(',
      'manager.getRepository(',
      'tx.update(',
    ]);
    expect(databaseAccess(`await this.db.transaction(async (tx) => this.events.insert(input, tx));`, true)).toEqual([]);
  });

});
