import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { fromSrc, SRC, sourceFiles } from './source-files';

/**
 * One data-access idiom: only repositories (`*.repository.ts`, in the folder that owns the table)
 * reach the database; services, stage modules and caches call them, and open transactions only
 * through TenantDatabase.transaction / PlatformDatabase.transaction (src/framework/database, the
 * database layer itself, is where those live).
 *
 * Everywhere in src: no `.query(`, `getRepository(`, `createQueryBuilder(`, `@InjectRepository`,
 * `dataSource.transaction(` outside a repository. In src/pipeline, which follows the idiom
 * completely, also no `.statement(` (TenantDatabase/PlatformDatabase statements), no calls on a
 * transaction handle (`manager.…(` / `tx.…(`: services only pass it on) and no TypeORM DataSource.
 */

/** Files outside src/pipeline that still reach the database directly; each is to move its statements into a repository. */
const PENDING = new Map<string, string[]>([
  ['framework/certificates/acme-issuer.ts', ['createQueryBuilder(']],
  ['framework/certificates/challenge-store.ts', ['.query(']],
  ['framework/health/database.health.ts', ['.query(']],
  ['framework/lifecycle/lifecycle-event.store.ts', ['.query(', '@InjectRepository', 'createQueryBuilder(']],
  ['framework/scheduler/retention-purge.job.ts', ['.query(']],
  ['invoices/invoices.service.ts', ['getRepository(']],
  ['stages/export/outbox-relay.ts', ['.query(']],
]);

/** Folders held to the strict rules as well (extend once the pending list is empty). */
const STRICT = ['pipeline/'];

const EVERYWHERE = ['.query(', 'getRepository(', 'createQueryBuilder(', '@InjectRepository', '.transaction( on a DataSource'] as const;

const isRepository = (path: string): boolean => path.endsWith('.repository.ts');
const isDatabaseLayer = (path: string): boolean => path.startsWith('framework/database/');

/** The last name of a receiver: `this.dataSource` → dataSource, `manager` → manager. */
function receiverName(expression: ts.Expression): string | null {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return null;
}

/** The ways a file reaches the database, by kind (each kind once). `strict` adds the src/pipeline rules. */
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
    const kinds = databaseAccess(readFileSync(path, 'utf8'), STRICT.some((folder) => name.startsWith(folder)));
    if (kinds.length > 0) result.set(name, kinds);
  }
  return result;
}

describe('architecture: data access', () => {
  const found = offenders();

  it('src/pipeline reaches the database only through its repositories', () => {
    expect(sourceFiles('pipeline').length).toBeGreaterThan(50);
    expect([...found].filter(([name]) => name.startsWith('pipeline/'))).toEqual([]);
  });

  it('elsewhere in src only the pending files still do, each in no new way (a new offender fails, so does a fixed file still listed)', () => {
    const outside = new Map([...found].filter(([name]) => !name.startsWith('pipeline/')));
    expect(Object.fromEntries(outside)).toEqual(Object.fromEntries([...PENDING].map(([name, kinds]) => [name, [...kinds].sort()])));
  });

  it('the pending list names no file inside src/pipeline and only files that exist', () => {
    for (const name of PENDING.keys()) {
      expect(name.startsWith('pipeline/')).toBe(false);
      expect(() => readFileSync(join(SRC, name))).not.toThrow();
    }
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

  it('knows the patterns it enforces everywhere', () => {
    expect([...PENDING.values()].flat().every((kind) => (EVERYWHERE as readonly string[]).includes(kind))).toBe(true);
  });
});
