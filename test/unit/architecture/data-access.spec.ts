import { readFileSync } from 'node:fs';
import { fromSrc, sourceFiles } from './source-files';

/**
 * One data-access idiom: every SQL statement and TypeORM query lives in the repository
 * (`*.repository.ts`) of the folder that owns the table; services, stage modules, caches and stores
 * call repository methods. The one transaction API a service may open is the tenant transaction
 * (`TenantDatabase.transaction`), whose manager it hands to repository methods.
 *
 * framework/database is the machinery itself (TenantDatabase, the role switch, the embedded server).
 * src/pipeline is brought under the same rule separately.
 */
const FOLDERS = ['framework', 'invoices', 'stages'];
const MACHINERY = /^framework\/database\//;

const DATA_ACCESS: Array<[string, RegExp]> = [
  ['a raw query', /\.query\s*(<[^>]*>)?\s*\(/],
  ['a TypeORM repository', /\bgetRepository\s*\(/],
  ['a query builder', /\bcreateQueryBuilder\s*\(/],
  ['an injected repository', /@InjectRepository\b/],
  ['a tenant statement', /\.statement\s*(<[^>]*>)?\s*\(/],
  ['a DataSource or EntityManager transaction', /\b(dataSource|manager|entityManager)\.transaction\s*\(/],
  ['an EntityManager write or read', /\bmanager\.(find\w*|insert|update|upsert|delete|save|remove|count|exists)\s*\(/],
];

/** The code without comments, so a doc comment naming an API is not a use of it. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function offences(source: string): string[] {
  const text = code(source);
  return DATA_ACCESS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

describe('architecture: data access', () => {
  it('happens only in *.repository.ts files (framework, invoices, stages)', () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(folder)).filter((f) => !f.endsWith('.repository.ts') && !MACHINERY.test(fromSrc(f)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => offences(readFileSync(f, 'utf8')).map((what) => `${fromSrc(f)}: ${what}`));
    expect(found).toEqual([]);
  });

  it('the check finds each kind of access and ignores comments and the tenant transaction', () => {
    expect(offences(`await this.dataSource.query<Row[]>('SELECT 1');`)).toEqual(['a raw query']);
    expect(offences(`const rows = await manager.getRepository(InvoiceEntity).findOneBy({ id });`)).toEqual(['a TypeORM repository']);
    expect(offences(`this.repo.createQueryBuilder().insert()`)).toEqual(['a query builder']);
    expect(offences(`constructor(@InjectRepository(A) private readonly a: Repository<A>) {}`)).toEqual(['an injected repository']);
    expect(offences(`await this.db.statement(tenantId, 'UPDATE x SET y = 1');`)).toEqual(['a tenant statement']);
    expect(offences(`await this.dataSource.transaction(async (m) => m);`)).toEqual(['a DataSource or EntityManager transaction']);
    expect(offences(`await manager.update(CertificateEntity, { id }, changes);`)).toEqual(['an EntityManager write or read']);
    expect(offences(`/** never this.dataSource.query() here */\n// nor manager.getRepository(X)\nawait this.db.transaction(tenantId, (manager) => this.invoices.list(manager, tenantId));`)).toEqual([]);
  });
});
